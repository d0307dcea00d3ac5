//! Settings kept in the database: the clock offset and the policy the stored removal dates were
//! computed with.

use sqlx::Row;
use waybill_rules::wire::JobResponse;
use waybill_rules::{JobSnapshot, Policy, removal_date};

use super::Db;
use super::DbError;

impl Db {
    /// The stored value of `key`.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, DbError> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.reader)
            .await?)
    }

    /// Stores `value` under `key`, durably.
    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), DbError> {
        sqlx::query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Makes the stored removal dates match `policy`: when the policy differs from the one they
    /// were computed with, every job's date is computed again by the rules, in one transaction.
    pub async fn adopt_policy(&self, policy: &Policy) -> Result<(), DbError> {
        let wanted = serde_json::to_string(policy)?;
        if self.meta("policy").await?.as_deref() == Some(wanted.as_str()) {
            return Ok(());
        }
        let mut tx = self.writer.begin().await?;
        let _mark = self.cache.writing_all();
        let rows = sqlx::query("SELECT seq, body FROM jobs").fetch_all(&mut *tx).await?;
        for row in rows {
            let seq: i64 = row.try_get("seq")?;
            let body: String = row.try_get("body")?;
            let job: JobResponse = serde_json::from_str(&body)?;
            let removal = JobSnapshot::of(&job).ok().and_then(|job| removal_date(policy, &job));
            let removal = removal.map(|t| t.0);
            sqlx::query("UPDATE jobs SET removal_at = ? WHERE seq = ?")
                .bind(removal)
                .bind(seq)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO meta (key, value) VALUES ('policy', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(&wanted)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
