//! The test harness: a fresh service on a fresh SQLite file, known tokens, request helpers.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;
use waybill_rules::Policy;
use waybill_rules::wire::JobAddress;
use waybill_rules::wire::JobResponse;
use waybill_server::auth::{Subscriptions, Tokens, UserToken};
use waybill_server::clock::Clock;
use waybill_server::db::Db;
use waybill_server::{AppState, app};

pub const SUB: &str = "11111111-2222-3333-4444-555555555555";
pub const OTHER_SUB: &str = "99999999-8888-7777-6666-555555555555";
pub const USER: &str = "user-token-0001";
pub const OTHER_USER: &str = "other-token-0001";
pub const OPERATOR: &str = "operator-token-0001";
pub const V: &str = "2021-01-01";
pub const RG: &str = "myResourceGroup";

/// A folder removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("waybill-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub dir: Arc<TempDir>,
}

pub fn tokens() -> Tokens {
    let only = |s: &str| Subscriptions::Only(BTreeSet::from([s.to_owned()]));
    Tokens {
        users: vec![
            UserToken { name: "user-1".into(), secret: USER.into(), subscriptions: only(SUB) },
            UserToken {
                name: "user-2".into(),
                secret: OTHER_USER.into(),
                subscriptions: only(OTHER_SUB),
            },
        ],
        operator: Some(OPERATOR.into()),
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::open(Arc::new(TempDir::new())).await
    }

    /// A service that also serves a console from `ui`.
    pub async fn with_console(ui: &std::path::Path) -> TestApp {
        let mut app = TestApp::new().await;
        app.state.ui = Some(waybill_server::console::Console::load(ui, &[]).expect("console"));
        app.router = waybill_server::app(app.state.clone());
        app
    }

    /// A service on the database in `dir` (a restart when the folder was used before).
    pub async fn open(dir: Arc<TempDir>) -> TestApp {
        let db =
            Db::open(&format!("sqlite://{}/waybill.db", dir.0.display())).await.expect("db opens");
        let state = AppState {
            db,
            tokens: Arc::new(tokens()),
            policy: Arc::new(Policy::default()),
            clock: Clock::default(),
            clock_lock: Arc::default(),
            ui: None,
            public_url: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            cors_origins: vec![],
            bench_baselines: false,
            cancel_after_seconds: waybill_server::DEFAULT_CANCEL_AFTER_SECONDS,
            subscription_names: Arc::default(),
            webhooks: waybill_server::webhooks::Settings {
                allow_private: true,
                timeout: std::time::Duration::from_secs(5),
            },
            live: Arc::default(),
            read_quota: None,
        };
        TestApp { router: app(state.clone()), state, dir }
    }

    /// A service started as `waybill-server` starts (`run::prepare`: data folder, database,
    /// policy adoption, the stored clock) on `dir`, with the test tokens and `args`.
    pub async fn start(dir: Arc<TempDir>, args: &[&str]) -> TestApp {
        use clap::Parser;
        let data = dir.0.to_str().expect("path").to_owned();
        let token = format!("{USER}={SUB}");
        let mut argv = vec![
            "waybill-server",
            "--data-dir",
            &data,
            "--token",
            &token,
            "--operator-token",
            OPERATOR,
        ];
        argv.extend_from_slice(args);
        let parsed = waybill_server::run::Args::try_parse_from(argv).expect("arguments");
        let prepared = waybill_server::run::prepare(&parsed).await.expect("starts");
        TestApp { router: app(prepared.state.clone()), state: prepared.state, dir }
    }

    pub async fn send(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Value) {
        let response = self.router.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        (status, headers, body)
    }

    /// A request with a token and an optional JSON body.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut builder =
            Request::builder().method(method).uri(uri).header(header::HOST, "waybill.test");
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        }
        .expect("request");
        let (status, headers, body) = self.send(request).await;
        assert!(
            headers.contains_key("x-ms-request-id"),
            "{uri}: every response has x-ms-request-id"
        );
        (status, body)
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.call(Method::GET, uri, Some(USER), None).await
    }

    pub async fn put_job(&self, name: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, &job_url(name), Some(USER), Some(body)).await
    }

    pub async fn patch_job(&self, name: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, &job_url(name), Some(USER), Some(body)).await
    }

    pub async fn delete_job(&self, name: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, &job_url(name), Some(USER), None).await
    }

    /// Creates an import job and checks it was created.
    pub async fn create_import(&self, name: &str) -> Value {
        let (status, body) = self.put_job(name, import_body()).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body
    }

    /// Creates a job and moves it (as customer and data center) to `state`.
    pub async fn job_in(&self, name: &str, state: &str) -> Value {
        let job = self.create_import(name).await;
        if state == "Creating" {
            return job;
        }
        let (status, body) = self.patch_job(name, ship_body()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        if state == "Shipping" {
            return body;
        }
        self.advance(name, Some(state)).await
    }

    pub async fn advance(&self, name: &str, to: Option<&str>) -> Value {
        let (status, body) = self
            .call(Method::POST, &advance_url(name), Some(OPERATOR), to.map(|t| json!({"to": t})))
            .await;
        assert_eq!(status, StatusCode::OK, "advance {name} to {to:?}: {body}");
        body
    }

    /// How many accepted changes the audit log (`events`) holds, read from the database file
    /// directly (refusals are events too, `Failed`, and are counted by [`TestApp::refusals`]).
    pub async fn audit_rows(&self) -> i64 {
        self.count_events("SELECT COUNT(*) FROM events WHERE status = 'Succeeded'", "").await
    }

    /// How many refusals with ARM code `code` the activity log holds.
    pub async fn refusals(&self, code: &str) -> i64 {
        self.count_events(
            "SELECT COUNT(*) FROM events WHERE status = 'Failed' AND code = ?1 \
             AND state_before IS state_after AND cancel_before IS cancel_after",
            code,
        )
        .await
    }

    async fn count_events(&self, sql: &'static str, bind: &str) -> i64 {
        let pool =
            sqlx::SqlitePool::connect(&format!("sqlite://{}/waybill.db", self.dir.0.display()))
                .await
                .expect("db");
        let mut query = sqlx::query_scalar(sql);
        if !bind.is_empty() {
            query = query.bind(bind);
        }
        let n = query.fetch_one(&pool).await.expect("count");
        pool.close().await;
        n
    }

    /// The job as stored, read from the database directly.
    pub async fn stored(&self, name: &str) -> Option<JobResponse> {
        let key =
            JobAddress { subscription: SUB.into(), resource_group: RG.into(), name: name.into() };
        self.state.db.get_job(&key, self.state.clock.now()).await.expect("db read").map(|s| s.job)
    }
}

/// A GET of `uri` as the test user, with one more header when given.
pub fn user_get(uri: &str, extra: Option<(&str, &str)>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::GET)
        .uri(uri)
        .header(header::HOST, "waybill.test")
        .header(header::AUTHORIZATION, format!("Bearer {USER}"));
    if let Some((name, value)) = extra {
        builder = builder.header(name, value);
    }
    builder.body(Body::empty()).expect("request")
}

pub fn job_url(name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ImportExport/jobs/{name}?api-version={V}"
    )
}

pub fn advance_url(name: &str) -> String {
    format!("/_emulator/subscriptions/{SUB}/resourceGroups/{RG}/jobs/{name}/advance")
}

pub fn list_url() -> String {
    format!("/subscriptions/{SUB}/providers/Microsoft.ImportExport/jobs?api-version={V}")
}

pub fn return_address() -> Value {
    json!({"recipientName": "Test", "streetAddress1": "Street1", "city": "Redmond", "postalCode": "98007",
           "countryOrRegion": "USA", "phone": "4250000000", "email": "Test@contoso.com"})
}

pub fn import_body() -> Value {
    json!({"location": "West US", "properties": {
        "storageAccountId": format!("/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Storage/storageAccounts/test"),
        "jobType": "Import",
        "returnAddress": return_address(),
        "returnShipping": {"carrierName": "FedEx", "carrierAccountNumber": "989ffff"},
        "driveList": [
            {"driveId": "9CA995BB", "bitLockerKey": "238810-662376-448998-450120-652806-203390-606320-483076",
             "manifestFile": "\\manifest", "manifestHash": "4228EC5D8E048CB9"},
            {"driveId": "9CA995BC", "bitLockerKey": "111111-662376-448998-450120-652806-203390-606320-483076",
             "manifestFile": "\\manifest2", "manifestHash": "4228EC5D8E048CB8"}
        ]
    }})
}

pub fn ship_body() -> Value {
    json!({"properties": {"state": "Shipping",
        "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": "992016102507", "driveCount": 2, "shipDate": "2024-05-01"}}})
}

/// The ARM code of an error body.
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_else(|| panic!("not an ARM error: {body}"))
}

pub fn state_of(body: &Value) -> &str {
    body["properties"]["state"].as_str().unwrap_or("")
}
