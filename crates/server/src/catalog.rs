//! The provider's fixed data: its data center locations and its operations, as Azure lists
//! them (the addresses and carriers of West US and both Australian sites are the ones in the
//! official examples).

use waybill_rules::wire::{
    Location, LocationProperties, Operation, OperationDisplay, ShippingInformation,
};

struct Site {
    id: &'static str,
    name: &'static str,
    recipient: &'static str,
    street: &'static str,
    city: &'static str,
    state: &'static str,
    postal: &'static str,
    country: &'static str,
    phone: &'static str,
    carriers: &'static [&'static str],
}

const SITES: &[Site] = &[
    Site {
        id: "westus",
        name: "West US",
        recipient: "Microsoft Azure Import/Export Service",
        street: "2045 Lafayette Street",
        city: "Santa Clara",
        state: "CA",
        postal: "95050",
        country: "USA",
        phone: "408 352 7600",
        carriers: &["FedEx"],
    },
    Site {
        id: "eastus2",
        name: "East US 2",
        recipient: "Windows Azure Import Export Service",
        street: "Boydton 1 / BLDG # 1 101 Herbert Drive",
        city: "Boydton",
        state: "VA",
        postal: "23917",
        country: "USA",
        phone: "+1-434-738-9443",
        carriers: &["FedEx", "UPS", "DHL"],
    },
    Site {
        id: "northeurope",
        name: "North Europe",
        recipient: "Microsoft Azure Import/Export Service",
        street: "Grange Castle Business Park",
        city: "Dublin",
        state: "Dublin",
        postal: "D22",
        country: "Ireland",
        phone: "+353 1 295 3826",
        carriers: &["FedEx", "UPS", "DHL"],
    },
    Site {
        id: "westeurope",
        name: "West Europe",
        recipient: "Microsoft Azure Import/Export Service",
        street: "Boekweitstraat 21-23",
        city: "Nijkerk",
        state: "Gelderland",
        postal: "3861 SX",
        country: "Netherlands",
        phone: "+31 33 247 6200",
        carriers: &["FedEx", "UPS", "DHL"],
    },
    Site {
        id: "swedencentral",
        name: "Sweden Central",
        recipient: "Microsoft Azure Import/Export Service",
        street: "Gävlevägen 52",
        city: "Sandviken",
        state: "Gävleborg",
        postal: "811 52",
        country: "Sweden",
        phone: "+46 26 270 00 00",
        carriers: &["FedEx", "UPS", "DHL"],
    },
    Site {
        id: "eastasia",
        name: "East Asia",
        recipient: "Microsoft Azure Import/Export Service",
        street: "Tsing Yi, 1 Tsing Yi Road",
        city: "Hong Kong",
        state: "Hong Kong",
        postal: "999077",
        country: "Hong Kong SAR",
        phone: "+852 2804 4800",
        carriers: &["FedEx", "UPS", "DHL"],
    },
    Site {
        id: "australiaeast",
        name: "Australia East",
        recipient: "Windows Azure Import/Export Service",
        street: "Customer-A c/o NEXTDC Ltd, Delivery code ABCDEFG, 4 Eden Park Drive",
        city: "Macquarie Park",
        state: "NSW",
        postal: "2113",
        country: "Australia",
        phone: "612 0000 0000",
        carriers: &["DHL"],
    },
    Site {
        id: "australiasoutheast",
        name: "Australia Southeast",
        recipient: "Microsoft Azure Import/Export Service",
        street: "Microsoft, c/o NEXTDC Ltd, Delivery code ABCDEFG, 826-830 Lorimer St, Port",
        city: "Melbourne",
        state: "Melbourne",
        postal: "3207",
        country: "Australia",
        phone: "61 0 0000 0000",
        carriers: &["DHL"],
    },
];

fn to_location(site: &Site) -> Location {
    let id = format!("/providers/Microsoft.ImportExport/locations/{}", site.id);
    Location {
        id: Some(id.clone()),
        name: Some(site.name.to_owned()),
        resource_type: Some("Microsoft.ImportExport/locations".to_owned()),
        properties: Some(LocationProperties {
            recipient_name: Some(site.recipient.to_owned()),
            street_address1: Some(site.street.to_owned()),
            street_address2: Some(String::new()),
            city: Some(site.city.to_owned()),
            state_or_province: Some(site.state.to_owned()),
            postal_code: Some(site.postal.to_owned()),
            country_or_region: Some(site.country.to_owned()),
            phone: Some(site.phone.to_owned()),
            additional_shipping_information: Some(String::new()),
            supported_carriers: Some(site.carriers.iter().map(|c| (*c).to_owned()).collect()),
            alternate_locations: Some(vec![id]),
        }),
    }
}

fn find(name_or_id: &str) -> Option<&'static Site> {
    let wanted: String = name_or_id.chars().filter(|c| !c.is_whitespace()).collect();
    SITES.iter().find(|s| s.id.eq_ignore_ascii_case(&wanted))
}

/// Every location.
pub fn locations() -> Vec<Location> {
    SITES.iter().map(to_location).collect()
}

/// One location by id (`westus`) or display name (`West US`).
pub fn location(name_or_id: &str) -> Option<Location> {
    find(name_or_id).map(to_location)
}

/// True when jobs may be created in `name_or_id`.
pub fn is_known_location(name_or_id: &str) -> bool {
    find(name_or_id).is_some()
}

/// The address drives for a job in `name_or_id` are shipped to.
pub fn shipping_information(name_or_id: &str) -> Option<ShippingInformation> {
    find(name_or_id).map(|site| ShippingInformation {
        recipient_name: Some(site.recipient.to_owned()),
        street_address1: Some(site.street.to_owned()),
        street_address2: Some(String::new()),
        city: Some(site.city.to_owned()),
        state_or_province: Some(site.state.to_owned()),
        postal_code: Some(site.postal.to_owned()),
        country_or_region: Some(site.country.to_owned()),
        phone: Some(site.phone.to_owned()),
        additional_information: Some(String::new()),
    })
}

/// The provider's operations (as in the ListOperations example).
pub fn operations() -> Vec<Operation> {
    let op = |name: &str, resource: &str, operation: &str, description: &str| Operation {
        name: name.to_owned(),
        display: OperationDisplay {
            provider: Some("Microsoft Import/Export".to_owned()),
            resource: Some(resource.to_owned()),
            operation: Some(operation.to_owned()),
            description: Some(description.to_owned()),
        },
    };
    vec![
        op(
            "Microsoft.ImportExport/locations/read",
            "Locations",
            "Get or List Locations",
            "Gets the properties for the specified location or returns the list of locations.",
        ),
        op(
            "Microsoft.ImportExport/jobs/write",
            "Jobs",
            "Create or Update Job",
            "Creates a job with the specified parameters or update the properties or tags for the specified job.",
        ),
        op(
            "Microsoft.ImportExport/jobs/read",
            "Jobs",
            "Get or List Jobs",
            "Gets the properties for the specified job or returns the list of jobs.",
        ),
        op(
            "Microsoft.ImportExport/jobs/listBitLockerKeys/action",
            "Jobs",
            "List BitLocker Keys",
            "Gets the BitLocker keys for the specified job.",
        ),
        op("Microsoft.ImportExport/jobs/delete", "Jobs", "Delete Job", "Deletes an existing job."),
        op(
            "Microsoft.ImportExport/register/action",
            "Import/Export Resource Provider",
            "Registers the Import/Export Resource Provider",
            "Registers the subscription for the import/export resource provider and enables the creation of import/export jobs.",
        ),
    ]
}
