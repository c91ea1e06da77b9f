//! Code kept out of the first download. In release builds (`--features split`, see
//! dev/build-release.sh) the body of each function declared with `split_fn!` is compiled into a
//! wasm chunk of its own (wasm-split-cli), fetched the first time the function is called; a
//! chunk holds everything that only its functions use. Other builds (`trunk serve`, tests)
//! compile the bodies in as usual, and the functions return at once.

/// A chunk could not be fetched (offline, or a new deployment replaced it). Calling the
/// function again fetches it again.
pub struct ChunkMissing;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

impl From<ChunkMissing> for crate::error::AppError {
    fn from(_: ChunkMissing) -> Self {
        crate::error::AppError::PartOfAppMissing
    }
}

/// `split_fn!(chunk, pub fn name(arg: Type) -> Output { body })` declares
/// `pub async fn name(arg: Type) -> Result<Output, ChunkMissing>` running `body`, which in split
/// builds lives in the chunk `chunk`. Arguments and output cross between wasm modules, so no
/// generics, and no references. With `preload(fetch_it)` before `fn`, it also declares
/// `async fn fetch_it() -> Result<(), _>`, which fetches the chunk ahead of the first call.
macro_rules! split_fn {
    ($chunk:ident, preload($preload:ident), $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block) => {
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($chunk, fallible, preload($preload))]
        $vis fn $name($($arg: $ty),*) -> Result<$out, $crate::platform::chunk::ChunkMissing> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $vis async fn $preload() -> Result<(), $crate::platform::chunk::ChunkMissing> {
            Ok(())
        }

        $crate::platform::chunk::split_fn!(@unsplit $vis fn $name($($arg: $ty),*) -> $out $body);
    };
    ($chunk:ident, $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block) => {
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($chunk, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$out, $crate::platform::chunk::ChunkMissing> {
            Ok($body)
        }

        $crate::platform::chunk::split_fn!(@unsplit $vis fn $name($($arg: $ty),*) -> $out $body);
    };
    (@unsplit $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block) => {
        #[cfg(not(feature = "split"))]
        $vis async fn $name(
            $($arg: $ty),*
        ) -> Result<$out, $crate::platform::chunk::ChunkMissing> {
            Ok($body)
        }
    };
}
pub(crate) use split_fn;
