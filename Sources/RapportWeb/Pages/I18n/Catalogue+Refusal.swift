extension Catalogue {
    /// A refused change in this language: `error.forbidden.<code>` for a ``RefusalCode``, the
    /// general refusal for any other code, never the API's English detail.
    func refusal(code: String) -> String {
        contains("error.forbidden.\(code)") ? self["error.forbidden.\(code)"] : self["error.forbidden"]
    }
}
