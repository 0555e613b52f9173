//! `use_cases!`: a use case is declared once — its name, its input fields, its output type
//! and the call into the engine — and from that one declaration come the `Request` enum the
//! transports deserialize, the `handle` dispatch with a typed answer, and (with the `ts`
//! feature) the TypeScript client function the UI calls. Adding a use case is one entry.

/// What the TypeScript client needs to know about one use case.
#[cfg(feature = "ts")]
pub struct UseCase {
    /// The Rust variant, e.g. `CreateInterview`; the wire name is its snake_case.
    pub variant: &'static str,
    pub docs: &'static [&'static str],
    /// Input fields: name and TypeScript type, in declaration order.
    pub args: fn(&ts_rs::Config) -> Vec<(&'static str, String)>,
    /// The TypeScript type of the answer.
    pub output: fn(&ts_rs::Config) -> String,
    /// Writes the answer's type, and every type it uses, into the config's folder.
    pub export_output: fn(&ts_rs::Config) -> Result<(), ts_rs::ExportError>,
}

/// Export `T` and what it is made of: a type with a file of its own is written with all its
/// dependencies; a wrapper (`Vec<Interview>`, `Option<Tag>`, a tuple) is looked through.
#[cfg(feature = "ts")]
pub fn export_type<T: ts_rs::TS + ?Sized + 'static>(
    cfg: &ts_rs::Config,
) -> Result<(), ts_rs::ExportError> {
    struct Exporter<'a> {
        cfg: &'a ts_rs::Config,
        error: Option<ts_rs::ExportError>,
    }
    impl ts_rs::TypeVisitor for Exporter<'_> {
        fn visit<U: ts_rs::TS + 'static + ?Sized>(&mut self) {
            if self.error.is_some() {
                return;
            }
            if U::output_path().is_some() {
                self.error = U::export_all(self.cfg).err();
            } else {
                U::visit_dependencies(self);
                U::visit_generics(self);
            }
        }
    }
    let mut exporter = Exporter { cfg, error: None };
    ts_rs::TypeVisitor::visit::<T>(&mut exporter);
    exporter.error.map_or(Ok(()), Err)
}

/// Declares the use cases of one request type:
///
/// ```ignore
/// use_cases! {
///     /// What the workspace is.
///     pub enum Request;
///     /// Doc comment of the use case.
///     CreateInterview { input: InterviewInput } -> Interview = |ws| ws.create_interview(&input);
/// }
/// ```
///
/// The handler is an expression over `ws` (the `Workspace`) and the input fields by name,
/// answering `groundwork_core::Result<Output>`.
#[macro_export]
macro_rules! use_cases {
    (
        $(#[doc = $edoc:literal])*
        pub enum $Request:ident;
        $(
            $(#[doc = $doc:literal])*
            $Variant:ident { $( $(#[$fattr:meta])* $field:ident : $fty:ty ),* $(,)? }
                -> $Out:ty = |$ws:ident| $body:expr;
        )*
    ) => {
        $(#[doc = $edoc])*
        #[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(tag = "cmd", content = "args", rename_all = "snake_case")]
        pub enum $Request {
            $(
                $(#[doc = $doc])*
                $Variant { $( $(#[$fattr])* $field: $fty ),* },
            )*
        }

        impl $Request {
            /// Run the use case on the workspace; the answer as JSON.
            pub fn handle(
                self,
                __ws: &groundwork_core::Workspace,
            ) -> ::std::result::Result<serde_json::Value, groundwork_core::ErrorBody> {
                match self {
                    $(
                        $Request::$Variant { $($field),* } => {
                            let $ws = __ws;
                            let answer: groundwork_core::Result<$Out> = $body;
                            $crate::use_case::to_json(answer)
                        }
                    )*
                }
            }

            /// Every use case of this request type, for the TypeScript client.
            #[cfg(feature = "ts")]
            pub const USE_CASES: &'static [$crate::use_case::UseCase] = &[
                $(
                    $crate::use_case::UseCase {
                        variant: stringify!($Variant),
                        docs: &[$($doc),*],
                        args: |_cfg| vec![ $( (stringify!($field), <$fty as ts_rs::TS>::name(_cfg)) ),* ],
                        output: |cfg| <$Out as ts_rs::TS>::name(cfg),
                        export_output: |cfg| $crate::use_case::export_type::<$Out>(cfg),
                    },
                )*
            ];
        }
    };
}

/// The answer of a use case as JSON, or its error as the wire's `{code, message, field}`.
pub fn to_json<T: serde::Serialize>(
    r: groundwork_core::Result<T>,
) -> Result<serde_json::Value, groundwork_core::ErrorBody> {
    match r {
        Ok(v) => serde_json::to_value(v).map_err(|e| groundwork_core::ErrorBody {
            code: groundwork_core::ErrorCode::Internal,
            message: format!("cannot encode the answer: {e}"),
            field: None,
        }),
        Err(e) => Err(groundwork_core::ErrorBody::from(&e)),
    }
}

/// `CreateInterview` → `create_interview` (the names serde gives the variants on the wire).
pub fn snake_case(variant: &str) -> String {
    let mut out = String::with_capacity(variant.len() + 4);
    for (i, c) in variant.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `interview_id` → `interviewId`.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_convert_like_serde() {
        assert_eq!(snake_case("CreateInterview"), "create_interview");
        assert_eq!(snake_case("Stats"), "stats");
        assert_eq!(camel_case("interview_id"), "interviewId");
        assert_eq!(camel_case("as"), "as");
    }
}
