//! The rules over 10,000 jobs, natively: cancel and delete eligibility for each (what the
//! console does for a 10,000-job bulk selection), against the baseline of the cheapest
//! possible decision, a bare state comparison over the same jobs.
//! `cargo bench -p waybill-rules --bench decisions`.

// criterion runs natively only; the wasm32 build (clippy --all-targets) gets an empty main.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{Criterion, criterion_group};
    use waybill_rules::{JobSnapshot, JobState, Policy, may_cancel, may_delete};

    fn jobs() -> Vec<JobSnapshot> {
        (0..10_000)
            .map(|i| JobSnapshot {
                cancel_requested: i % 7 == 0,
                ..JobSnapshot::in_state(JobState::ALL[i % JobState::ALL.len()])
            })
            .collect()
    }

    fn decisions(c: &mut Criterion) {
        let jobs = jobs();
        let policy = Policy::default();
        c.bench_function("baseline: state < Packaging for 10,000 jobs", |b| {
            b.iter(|| black_box(&jobs).iter().filter(|j| j.state < JobState::Packaging).count())
        });
        c.bench_function("rules: may_cancel and may_delete for 10,000 jobs", |b| {
            b.iter(|| {
                black_box(&jobs)
                    .iter()
                    .filter(|j| may_cancel(&policy, j).is_ok() && may_delete(&policy, j).is_ok())
                    .count()
            })
        });
    }

    criterion_group!(benches, decisions);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
