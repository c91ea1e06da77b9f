//! The app's pages and their paths, relative to where the app is served (`<base href>`), so
//! the same build works at `/` and under a sub-path such as `/app/`.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`: the user's files.
    Files,
    /// `/login`: sign-in, and where email links land.
    Login,
    NotFound,
}

impl Route {
    /// The route for an absolute URL path, given the base path the app is served under.
    pub fn from_path(base_path: &str, path: &str) -> Route {
        let base = base_path.trim_end_matches('/');
        let Some(relative) = path.strip_prefix(base) else {
            return Route::NotFound;
        };
        match relative.trim_end_matches('/') {
            "" | "/index.html" => Route::Files,
            "/login" => Route::Login,
            _ => Route::NotFound,
        }
    }

    /// The absolute URL path of this route under `base_path`.
    pub fn path(self, base_path: &str) -> String {
        let base = base_path.trim_end_matches('/');
        match self {
            Route::Files | Route::NotFound => format!("{base}/"),
            Route::Login => format!("{base}/login"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Hosted at the root of a domain, as with trunk serve.
    #[test]
    fn routes_at_the_root() {
        assert_eq!(Route::from_path("/", "/"), Route::Files);
        assert_eq!(Route::from_path("/", "/login"), Route::Login);
        assert_eq!(Route::from_path("/", "/login/"), Route::Login);
        assert_eq!(Route::from_path("/", "/nope"), Route::NotFound);
        assert_eq!(Route::Login.path("/"), "/login");
        assert_eq!(Route::Files.path("/"), "/");
    }

    // Hosted under a sub-path (trunk build --public-url /app/): links stay inside it.
    #[test]
    fn routes_under_a_sub_path() {
        assert_eq!(Route::from_path("/app/", "/app/"), Route::Files);
        assert_eq!(Route::from_path("/app/", "/app"), Route::Files);
        assert_eq!(Route::from_path("/app/", "/app/login"), Route::Login);
        assert_eq!(Route::from_path("/app/", "/login"), Route::NotFound);
        assert_eq!(Route::Login.path("/app/"), "/app/login");
        assert_eq!(Route::Files.path("/app/"), "/app/");
    }
}
