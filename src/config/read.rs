//! config.json read by hand from its JSON tree, each wrong field named by its path
//! (`aws.bucket`), in the page's language. A derived `Deserialize` with path tracking did the
//! same in about 20 KB of the first visit's wasm.

use super::{ConfigError, RawAws, RawConfig, RawFirebase};
use serde_json::{Map, Value};

pub(super) fn read(text: &str) -> Result<RawConfig, ConfigError> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| ConfigError::Malformed(e.to_string()))?;
    let Value::Object(map) = &root else {
        return Err(ConfigError::NotAnObject);
    };
    let mut top = Object::new(map, "");
    let firebase = top.object("firebase")?.map(firebase).transpose()?;
    let aws = top.object("aws")?.map(aws).transpose()?;
    top.done()?;
    Ok(RawConfig { firebase, aws })
}

fn firebase(mut fields: Object) -> Result<RawFirebase, ConfigError> {
    let raw = RawFirebase {
        api_key: fields.text("firebase.apiKey")?,
        project_id: fields.text("firebase.projectId")?,
        emulator_url: fields.text("firebase.emulatorUrl")?,
        sign_in_methods: fields.texts("firebase.signInMethods")?,
        invite_only: fields.flag("firebase.inviteOnly")?,
    };
    fields.done()?;
    Ok(raw)
}

fn aws(mut fields: Object) -> Result<RawAws, ConfigError> {
    let raw = RawAws {
        region: fields.text("aws.region")?,
        role_arn: fields.text("aws.roleArn")?,
        bucket: fields.text("aws.bucket")?,
        sts_endpoint: fields.text("aws.stsEndpoint")?,
        s3_endpoint: fields.text("aws.s3Endpoint")?,
        iam_endpoint: fields.text("aws.iamEndpoint")?,
        session_duration_seconds: fields.seconds("aws.sessionDurationSeconds")?,
        // Any JSON here: its shape is judged with the rest of the field's checks.
        session_policy: fields.value("aws.sessionPolicy").cloned(),
        policy_arns: fields.texts("aws.policyArns")?,
        shared_prefix: fields.text("aws.sharedPrefix")?,
        upload_checksums: fields.flag("aws.uploadChecksums")?,
    };
    fields.done()?;
    Ok(raw)
}

/// One object of config.json: its fields taken by their paths, then `done` refuses any field
/// not taken (a typo such as `bukcet` must not be silently ignored). `null` counts as absent.
struct Object<'a> {
    map: &'a Map<String, Value>,
    prefix: &'static str,
    taken: Vec<&'a str>,
}

impl<'a> Object<'a> {
    fn new(map: &'a Map<String, Value>, prefix: &'static str) -> Self {
        Object {
            map,
            prefix,
            taken: Vec::new(),
        }
    }

    fn value(&mut self, path: &'static str) -> Option<&'a Value> {
        let key = path.rsplit('.').next().unwrap_or(path);
        let (found_key, value) = self.map.get_key_value(key)?;
        self.taken.push(found_key);
        Some(value).filter(|v| !v.is_null())
    }

    fn typed<T>(
        &mut self,
        path: &'static str,
        expected: &'static str,
        convert: impl FnOnce(&'a Value) -> Option<T>,
    ) -> Result<Option<T>, ConfigError> {
        self.value(path)
            .map(|value| {
                convert(value).ok_or(ConfigError::Field {
                    field: path,
                    expected,
                })
            })
            .transpose()
    }

    fn text(&mut self, path: &'static str) -> Result<Option<String>, ConfigError> {
        self.typed(path, "app.config-type-text", |v| {
            v.as_str().map(str::to_string)
        })
    }

    fn flag(&mut self, path: &'static str) -> Result<Option<bool>, ConfigError> {
        self.typed(path, "app.config-type-flag", Value::as_bool)
    }

    fn seconds(&mut self, path: &'static str) -> Result<Option<u32>, ConfigError> {
        self.typed(path, "app.config-type-seconds", |v| {
            v.as_u64().and_then(|n| u32::try_from(n).ok())
        })
    }

    fn texts(&mut self, path: &'static str) -> Result<Option<Vec<String>>, ConfigError> {
        self.typed(path, "app.config-type-texts", |v| {
            v.as_array()?
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect()
        })
    }

    fn object(&mut self, path: &'static str) -> Result<Option<Object<'a>>, ConfigError> {
        self.typed(path, "app.config-type-object", |v| {
            v.as_object().map(|map| Object::new(map, path))
        })
    }

    fn done(self) -> Result<(), ConfigError> {
        match self
            .map
            .keys()
            .find(|key| !self.taken.contains(&key.as_str()))
        {
            None => Ok(()),
            Some(unknown) if self.prefix.is_empty() => Err(ConfigError::Unknown(unknown.clone())),
            Some(unknown) => Err(ConfigError::Unknown(format!("{}.{unknown}", self.prefix))),
        }
    }
}
