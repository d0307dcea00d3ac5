//! Job states, drive states and job types, plus [`StateSet`], the compact set of job states
//! that the policy is written in.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The state of an Import/Export job. The order of the variants is the order of the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum JobState {
    /// The job was created; the customer has not shipped the drives yet.
    Creating,
    /// The customer shipped the package to the data center.
    Shipping,
    /// The data center received the drives.
    Received,
    /// Data is being copied to or from the drives.
    Transferring,
    /// The drives are being packaged to be shipped back.
    Packaging,
    /// The job ended without errors (a cancelled job also ends here).
    Completed,
    /// The job ended with errors.
    Closed,
}

impl JobState {
    /// Every job state, in lifecycle order.
    pub const ALL: [JobState; 7] = [
        JobState::Creating,
        JobState::Shipping,
        JobState::Received,
        JobState::Transferring,
        JobState::Packaging,
        JobState::Completed,
        JobState::Closed,
    ];

    /// The state's name exactly as the API spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            JobState::Creating => "Creating",
            JobState::Shipping => "Shipping",
            JobState::Received => "Received",
            JobState::Transferring => "Transferring",
            JobState::Packaging => "Packaging",
            JobState::Completed => "Completed",
            JobState::Closed => "Closed",
        }
    }

    /// True for the two states a job ends in.
    pub const fn is_final(self) -> bool {
        matches!(self, JobState::Completed | JobState::Closed)
    }

    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no job state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownState(pub String);

impl fmt::Display for UnknownState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a job state", self.0)
    }
}

impl FromStr for JobState {
    type Err = UnknownState;

    /// Parses a state name. ARM treats enum values case-insensitively, and so do we.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JobState::ALL
            .into_iter()
            .find(|state| state.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownState(s.to_owned()))
    }
}

/// The state of one drive of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DriveState {
    /// Listed in the job; not at the data center yet.
    Specified,
    /// Received at the data center.
    Received,
    /// Never arrived at the data center.
    NeverReceived,
    /// Data is being copied.
    Transferring,
    /// The copy finished without errors.
    Completed,
    /// The copy finished with problems; see the logs.
    CompletedMoreInfo,
    /// The drive was shipped back to the customer.
    ShippedBack,
}

impl DriveState {
    /// Every drive state, in the upstream order.
    pub const ALL: [DriveState; 7] = [
        DriveState::Specified,
        DriveState::Received,
        DriveState::NeverReceived,
        DriveState::Transferring,
        DriveState::Completed,
        DriveState::CompletedMoreInfo,
        DriveState::ShippedBack,
    ];

    /// The state's name exactly as the API spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            DriveState::Specified => "Specified",
            DriveState::Received => "Received",
            DriveState::NeverReceived => "NeverReceived",
            DriveState::Transferring => "Transferring",
            DriveState::Completed => "Completed",
            DriveState::CompletedMoreInfo => "CompletedMoreInfo",
            DriveState::ShippedBack => "ShippedBack",
        }
    }

    /// True when the drive's outcome means the job ends in `Closed` rather than `Completed`.
    pub const fn is_error(self) -> bool {
        matches!(self, DriveState::NeverReceived | DriveState::CompletedMoreInfo)
    }
}

impl fmt::Display for DriveState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a job imports data into Azure or exports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobType {
    /// Drives carry data into a storage account.
    Import,
    /// Data is copied out of a storage account onto drives.
    Export,
}

impl JobType {
    /// The type's name exactly as the API spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            JobType::Import => "Import",
            JobType::Export => "Export",
        }
    }
}

impl fmt::Display for JobType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of job states, stored as a bit mask so that it is `Copy` and checks are one AND.
/// It reads and writes as a JSON list of state names, in lifecycle order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StateSet(u8);

impl StateSet {
    /// The set with no state.
    pub const EMPTY: StateSet = StateSet(0);

    /// The set of the given states.
    pub const fn of(states: &[JobState]) -> StateSet {
        let mut bits = 0;
        let mut i = 0;
        while i < states.len() {
            bits |= states[i].bit();
            i += 1;
        }
        StateSet(bits)
    }

    /// True when `state` is in the set.
    pub const fn contains(self, state: JobState) -> bool {
        self.0 & state.bit() != 0
    }

    /// The states of the set, in lifecycle order.
    pub fn iter(self) -> impl Iterator<Item = JobState> {
        JobState::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// True when the set has no state.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The state the set stops before, when it is exactly the lifecycle up to that state (the
    /// default cancellable states end before `Packaging`); `None` for any other set, and when
    /// the next state is a final one.
    pub fn ends_before(self) -> Option<JobState> {
        let n = self.iter().count();
        let next = *JobState::ALL.get(n)?;
        (n > 0 && self == StateSet::of(&JobState::ALL[..n]) && !next.is_final()).then_some(next)
    }
}

impl fmt::Debug for StateSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for StateSet {
    /// Writes the states as "Creating, Shipping and Received".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let states: Vec<JobState> = self.iter().collect();
        for (i, state) in states.iter().enumerate() {
            if i > 0 {
                f.write_str(if i + 1 == states.len() { " and " } else { ", " })?;
            }
            f.write_str(state.as_str())?;
        }
        if states.is_empty() {
            f.write_str("no state")?;
        }
        Ok(())
    }
}

impl FromIterator<JobState> for StateSet {
    fn from_iter<I: IntoIterator<Item = JobState>>(iter: I) -> Self {
        StateSet(iter.into_iter().fold(0, |bits, s| bits | s.bit()))
    }
}

impl Serialize for StateSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for StateSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let states = Vec::<JobState>::deserialize(deserializer)?;
        Ok(states.into_iter().collect())
    }
}
