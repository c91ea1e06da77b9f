#![allow(dead_code)]
pub mod signing_case;
