//! Which page shows: a signal of the current `Route`, kept in step with the address bar.

use crate::platform::location;
use crate::route::{self, Route};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Router {
    route: RwSignal<Route>,
    /// The folder the files page or the shared area shows (`?folder=`).
    folder: RwSignal<String>,
    /// The search through every folder of the area (`?q=`), if one is open.
    search: RwSignal<Option<String>>,
}

impl Router {
    /// Reads the current address and follows back/forward from then on.
    pub fn start() -> Router {
        let current = || Route::from_path(&location::base_path(), &location::path());
        let current_folder = || route::folder_param(&location::href());
        let current_search = || route::search_param(&location::href());
        let (route, folder) = (RwSignal::new(current()), RwSignal::new(current_folder()));
        let search = RwSignal::new(current_search());
        // Back and Forward set only what changed: setting the same route would build its page
        // again, dropping an open dialog and what the page was showing.
        location::on_history_change(move || {
            set_if_changed(route, current());
            set_if_changed(folder, current_folder());
            set_if_changed(search, current_search());
        });
        Router {
            route,
            folder,
            search,
        }
    }

    pub fn folder(&self) -> String {
        self.folder.get()
    }

    pub fn search(&self) -> Option<String> {
        self.search.get()
    }

    pub fn search_untracked(&self) -> Option<String> {
        self.search.get_untracked()
    }

    /// Searches every folder of the area open for `query`, as a new history entry (Back
    /// returns to the folder).
    pub fn open_search(&self, query: &str) {
        let query = query.trim();
        let (page, folder) = (self.area(), self.folder.get_untracked());
        let path = route::search_path(&location::base_path(), page, &folder, Some(query));
        location::push(&path);
        self.search.set(Some(query.to_string()));
    }

    /// The files page showing (the user's files, the team's or the shared area).
    fn area(&self) -> Route {
        match self.route.get_untracked() {
            area @ (Route::Shared | Route::Team) => area,
            _ => Route::Files,
        }
    }

    /// Shows `folder` of the area open (the user's files, the team's or the shared area), as a
    /// new history entry.
    pub fn open_folder(&self, folder: &str) {
        let page = self.area();
        location::push(&route::folder_path(&location::base_path(), page, folder));
        self.folder.set(folder.to_string());
        self.search.set(None);
        set_if_changed(self.route, page);
    }

    pub fn route(&self) -> Route {
        self.route.get()
    }

    /// Goes to `route` as a new history entry.
    pub fn go(&self, route: Route) {
        location::push(&route.path(&location::base_path()));
        self.folder.set(String::new());
        self.search.set(None);
        self.route.set(route);
    }

    /// Goes to `route` in place of the current entry: for redirects, so Back does not loop.
    pub fn redirect(&self, route: Route) {
        location::replace(&route.path(&location::base_path()));
        self.route.set(route);
    }

    /// Sends a signed-out visitor to sign-in, remembering the page they wanted.
    pub fn redirect_to_sign_in(&self, wanted: Route) {
        let login = Route::Login.path(&location::base_path());
        location::replace(&format!("{login}?next={}", wanted.as_next()));
        self.route.set(Route::Login);
    }
}

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|now| *now != value) {
        signal.set(value);
    }
}

pub fn use_router() -> Router {
    expect_context::<Router>()
}

/// Redirects once the current render is done (a signal must not change mid-render).
#[component]
pub fn Redirect(to: Route) -> impl IntoView {
    let router = use_router();
    leptos::task::spawn_local(async move { router.redirect(to) });
}

/// Shows `children` to a signed-in user; sends anyone else to sign-in, then back to `page`.
#[component]
pub fn RequireSignIn(page: Route, children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<RwSignal<crate::session::Session>>();
    let router = use_router();
    // Only signing in or out re-renders the page: new credentials or a refreshed token must not
    // remount it (that would drop a chosen file and reload the listing).
    let signed_in = Memo::new(move |_| session.with(|s| s.is_signed_in()));
    move || {
        if signed_in.get() {
            Some(children())
        } else {
            leptos::task::spawn_local(async move { router.redirect_to_sign_in(page) });
            None
        }
    }
}

/// An in-app link: a real `<a href>` (open in new tab works) that navigates without a reload.
#[component]
pub fn Link(
    to: Route,
    #[prop(optional)] class: &'static str,
    /// `page` on the link to the page showing (`aria-current`).
    #[prop(optional, into)]
    aria_current: Option<Signal<Option<&'static str>>>,
    children: Children,
) -> impl IntoView {
    let router = use_router();
    let href = to.path(&location::base_path());
    let current = move || aria_current.and_then(|current| current.get());
    view! {
        <a class=class href=href aria-current=current on:click=move |ev: leptos::ev::MouseEvent| {
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0) {
                ev.prevent_default();
                router.go(to);
            }
        }>{children()}</a>
    }
}
