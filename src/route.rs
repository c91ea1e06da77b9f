//! The app's pages and their paths, relative to where the app is served (`<base href>`), so
//! the same build works at `/` and under a sub-path such as `/app/`.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`: the user's files.
    Files,
    /// `/team`: the folder the user's team shares (`teams/<team>/`, from the invitation).
    Team,
    /// `/shared`: the read-only area every user can browse (`aws.sharedPrefix`).
    Shared,
    /// `/identity`: who the user is to Firebase and to AWS.
    Identity,
    /// `/doctor`: live checks of the deployment, each failure with its fix.
    Doctor,
    /// `/login`: sign-in, and where email links land.
    Login,
    /// `/setup`: the setup assistant (no sign-in needed, nor a working config.json).
    Setup,
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
            "/shared" => Route::Shared,
            "/team" => Route::Team,
            "/identity" => Route::Identity,
            "/doctor" => Route::Doctor,
            "/login" => Route::Login,
            "/setup" => Route::Setup,
            _ => Route::NotFound,
        }
    }

    /// The absolute URL path of this route under `base_path`.
    pub fn path(self, base_path: &str) -> String {
        let base = base_path.trim_end_matches('/');
        match self {
            Route::Files | Route::NotFound => format!("{base}/"),
            Route::Shared => format!("{base}/shared"),
            Route::Team => format!("{base}/team"),
            Route::Identity => format!("{base}/identity"),
            Route::Doctor => format!("{base}/doctor"),
            Route::Login => format!("{base}/login"),
            Route::Setup => format!("{base}/setup"),
        }
    }

    /// Pages that need a signed-in user.
    pub fn needs_sign_in(self) -> bool {
        matches!(
            self,
            Route::Files | Route::Team | Route::Shared | Route::Identity | Route::Doctor
        )
    }

    /// Routes the files page shows: the user's files, the team's and the shared area.
    pub fn is_files_area(self) -> bool {
        matches!(self, Route::Files | Route::Team | Route::Shared)
    }

    /// The value of `/login?next=` that brings the user back here after signing in.
    pub fn as_next(self) -> &'static str {
        match self {
            Route::Identity => "identity",
            Route::Doctor => "doctor",
            Route::Shared => "shared",
            Route::Team => "team",
            Route::Files | Route::Login | Route::Setup | Route::NotFound => "files",
        }
    }

    /// Where to go after signing in, from `?next=`. Only the app's own pages are accepted, so
    /// a crafted link cannot send the user anywhere else.
    pub fn from_next(next: Option<&str>) -> Route {
        match next {
            Some("identity") => Route::Identity,
            Some("doctor") => Route::Doctor,
            Some("shared") => Route::Shared,
            Some("team") => Route::Team,
            _ => Route::Files,
        }
    }
}

/// The value of the `next` query parameter of a URL, if any.
pub fn next_param(href: &str) -> Option<String> {
    crate::address::query_param(href, "next")
}

/// The folder the files page shows, from `?folder=` (checked: see `folder::sanitize`).
pub fn folder_param(href: &str) -> String {
    crate::folder::sanitize(&crate::address::query_param(href, "folder").unwrap_or_default())
}

/// The address of `page` (the files page, the team's or the shared area) showing `folder`.
pub fn folder_path(base_path: &str, page: Route, folder: &str) -> String {
    search_path(base_path, page, folder, None)
}

/// The search through every folder of the area, from `?q=` (none when empty).
pub fn search_param(href: &str) -> Option<String> {
    crate::address::query_param(href, "q")
        .map(|q| q.trim().to_string())
        .filter(|q| !q.is_empty())
}

/// The address of `page` searching for `query` (`?q=`, kept across reloads), opened from
/// `folder` (where closing the search returns).
pub fn search_path(base_path: &str, page: Route, folder: &str, query: Option<&str>) -> String {
    let encode = crate::http::encode_rfc3986;
    let mut pairs = Vec::new();
    if !folder.is_empty() {
        pairs.push(format!("folder={}", encode(folder)));
    }
    if let Some(query) = query {
        pairs.push(format!("q={}", encode(query)));
    }
    let page = page.path(base_path);
    match pairs.is_empty() {
        true => page,
        false => format!("{page}?{}", pairs.join("&")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The app fetches the files page's code ahead of these routes only: a wrong answer wastes
    // the download of a page nobody sees, or loses the head start.
    #[test]
    fn the_files_page_shows_three_areas() {
        let shown: Vec<Route> = [
            Route::Files,
            Route::Team,
            Route::Shared,
            Route::Identity,
            Route::Doctor,
            Route::Login,
            Route::Setup,
            Route::NotFound,
        ]
        .into_iter()
        .filter(|r| r.is_files_area())
        .collect();
        assert_eq!(shown, [Route::Files, Route::Team, Route::Shared]);
    }

    // Hosted at the root of a domain, as with trunk serve.
    #[test]
    fn routes_at_the_root() {
        assert_eq!(Route::from_path("/", "/"), Route::Files);
        assert_eq!(Route::from_path("/", "/login"), Route::Login);
        assert_eq!(Route::from_path("/", "/login/"), Route::Login);
        assert_eq!(Route::from_path("/", "/identity"), Route::Identity);
        assert_eq!(Route::from_path("/", "/shared"), Route::Shared);
        assert_eq!(Route::from_path("/", "/team"), Route::Team);
        assert_eq!(Route::from_path("/", "/setup"), Route::Setup);
        assert_eq!(Route::from_path("/", "/doctor"), Route::Doctor);
        assert!(Route::Doctor.needs_sign_in());
        assert_eq!(
            Route::from_next(Some(Route::Doctor.as_next())),
            Route::Doctor
        );
        assert!(!Route::Setup.needs_sign_in());
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
        assert_eq!(Route::Identity.path("/app/"), "/app/identity");
    }

    // The page wanted before sign-in survives the round trip through ?next=.
    #[test]
    fn next_round_trips_for_pages_that_need_sign_in() {
        for route in [Route::Files, Route::Team, Route::Shared, Route::Identity] {
            assert!(route.needs_sign_in());
            assert_eq!(Route::from_next(Some(route.as_next())), route);
        }
        assert!(!Route::Login.needs_sign_in());
    }

    // No open redirect: anything but a known page name lands on the files.
    #[test]
    fn next_accepts_only_the_apps_own_pages() {
        for hostile in [
            "https://evil.example",
            "//evil.example",
            "javascript:alert(1)",
            "login",
            "",
        ] {
            assert_eq!(Route::from_next(Some(hostile)), Route::Files, "{hostile}");
        }
        assert_eq!(Route::from_next(None), Route::Files);
    }

    // The continue URL carries next=; it must be read back from the full URL the link lands on.
    #[test]
    fn reads_next_from_a_url() {
        assert_eq!(
            next_param("http://a.example/login?next=identity&mode=signIn").as_deref(),
            Some("identity")
        );
        assert_eq!(next_param("http://a.example/login"), None);
    }

    // The open folder lives in the address bar, so reload and Back keep it; a crafted one
    // opens the top.
    #[test]
    fn folder_round_trips_through_the_address() {
        let path = folder_path("/app/", Route::Files, "a b/é+&/");
        assert_eq!(path, "/app/?folder=a%20b%2F%C3%A9%2B%26%2F");
        assert_eq!(
            folder_param(&format!("https://x.example{path}")),
            "a b/é+&/"
        );
        assert_eq!(folder_path("/", Route::Files, ""), "/");
        assert_eq!(
            folder_path("/", Route::Shared, "docs/"),
            "/shared?folder=docs%2F"
        );
        assert_eq!(folder_param("https://x.example/?folder=..%2F"), "");
    }

    // A search lives in the address too (a reload or a shared link runs it again), beside the
    // folder it was started from; blank words are no search.
    #[test]
    fn search_round_trips_through_the_address() {
        let path = search_path("/", Route::Team, "a/", Some("Q1 & Q2 #7"));
        assert_eq!(path, "/team?folder=a%2F&q=Q1%20%26%20Q2%20%237");
        let href = format!("https://x.example{path}");
        assert_eq!(search_param(&href).as_deref(), Some("Q1 & Q2 #7"));
        assert_eq!(folder_param(&href), "a/");
        assert_eq!(search_path("/", Route::Files, "", Some("x")), "/?q=x");
        assert_eq!(search_param("https://x.example/?q=+%20"), None);
        assert_eq!(search_param("https://x.example/"), None);
    }
}
