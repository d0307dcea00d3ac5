//! `waybill-server`: parses the command line and runs the service (see the library).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    waybill_server::run_from_args().await
}
