//! The scope endpoints, as Azure Resource Manager answers them.

use axum::http::{Method, StatusCode};

use crate::support::*;

#[tokio::test]
async fn subscriptions_lists_what_the_token_may_use() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/subscriptions?api-version=2020-01-01").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["value"][0]["subscriptionId"], SUB);
    assert_eq!(body["value"][0]["id"], format!("/subscriptions/{SUB}"));
    assert_eq!(body["value"].as_array().map(Vec::len), Some(1));
    let (status, body) =
        app.call(Method::GET, "/subscriptions?api-version=1999-01-01", Some(USER), None).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "InvalidApiVersionParameter"));
}

#[tokio::test]
async fn resource_groups_lists_the_groups_holding_jobs() {
    let app = TestApp::new().await;
    app.create_import("myJob").await;
    for path in ["resourcegroups", "resourceGroups"] {
        let (status, body) =
            app.get(&format!("/subscriptions/{SUB}/{path}?api-version=2021-04-01")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["value"][0]["name"], RG);
        assert_eq!(body["value"][0]["id"], format!("/subscriptions/{SUB}/resourceGroups/{RG}"));
    }
}

#[tokio::test]
async fn subscriptions_carry_the_display_names_the_service_was_given() {
    let mut app = TestApp::new().await;
    assert_eq!(
        app.get("/subscriptions?api-version=2020-01-01").await.1["value"][0]["displayName"],
        format!("Subscription {SUB}")
    );
    app.state.subscription_names =
        std::sync::Arc::new([(SUB.to_ascii_lowercase(), "Contoso imports".to_owned())].into());
    app.router = waybill_server::app(app.state.clone());
    let (status, body) = app.get("/subscriptions?api-version=2020-01-01").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["value"][0]["displayName"], "Contoso imports");
}
