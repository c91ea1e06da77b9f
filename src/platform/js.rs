//! Browser APIs called by name. Each typed `web_sys` binding adds a JavaScript shim to the glue
//! the first visit downloads, whichever page uses it; the APIs only a zip download needs
//! (streams, the service worker, the save picker) go through these few instead.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `target[name]` (undefined when it has none).
pub fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `target[name] = value`.
pub fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &name.into(), value);
}

/// Whether `target` has `name` (a feature test).
pub fn has(target: &JsValue, name: &str) -> bool {
    target.is_object() && Reflect::has(target, &name.into()).unwrap_or(false)
}

/// The window, the object every browser API is found from.
pub fn window() -> JsValue {
    web_sys::window()
        .map(JsValue::from)
        .unwrap_or(JsValue::UNDEFINED)
}

/// `target.name(...args)`, for up to two arguments (bindings the app already has: no new
/// import for each arity).
pub fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let method: Function = get(target, name).dyn_into()?;
    match args {
        [] => method.call0(target),
        [a] => method.call1(target, a),
        [a, b, ..] => method.call2(target, a, b),
    }
}

/// `await target.name(...args)` (a value that is no promise is taken as it is).
pub async fn call_await(
    target: &JsValue,
    name: &str,
    args: &[&JsValue],
) -> Result<JsValue, JsValue> {
    let value = call(target, name, args)?;
    JsFuture::from(Promise::resolve(&value)).await
}

/// `new window[name](...args)`.
pub fn construct(name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let class: Function = get(&window(), name).dyn_into()?;
    Reflect::construct(&class, &array(args))
}

/// A JavaScript array of `items`, made with bindings the app already has (`Array.of` and a
/// property set; an empty object stands for no arguments).
pub fn array(items: &[&JsValue]) -> js_sys::Array {
    let Some((first, rest)) = items.split_first() else {
        return js_sys::Object::new().unchecked_into();
    };
    let array = js_sys::Array::of1(first);
    for (i, item) in rest.iter().enumerate() {
        let _ = Reflect::set(&array, &((i + 1) as u32).into(), item);
    }
    array
}

/// A plain object of `entries`.
pub fn object(entries: &[(&str, &JsValue)]) -> JsValue {
    let object: JsValue = js_sys::Object::new().into();
    for (name, value) in entries {
        set(&object, name, value);
    }
    object
}
