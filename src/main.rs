//! The console's entry point: mounts the app (everything else is in the library).

fn main() {
    waybill_console::start();
}
