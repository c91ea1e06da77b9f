pub mod doctor;
pub mod files;
pub mod iam_demo;
pub mod identity;
pub mod login;
pub mod setup;
