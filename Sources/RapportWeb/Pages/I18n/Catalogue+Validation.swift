import RapportDomain

extension Catalogue {
    /// A field error in this language: `validation.<code>` with the field's label, or
    /// `validation.<code>.limits` when the error names its bounds (at most {max}…).
    /// Nil for a code without a message, so that the caller can show the English text.
    func validationMessage(_ error: FieldError, label: String) -> String? {
        let limited = "validation.\(error.code).limits"
        let key = !error.limits.isEmpty && contains(limited) ? limited : "validation.\(error.code)"
        guard contains(key) else { return nil }
        return format(key, error.limits.merging(["field": label]) { _, label in label })
    }
}
