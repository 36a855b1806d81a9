import Foundation

/// A language of the web app, with its message catalogue and formatting locale.
enum Language: String, CaseIterable, Sendable {
    case english = "en"
    case chinese = "zh-CN"
    case russian = "ru"

    /// The name of the language in itself, for the language picker.
    var nativeName: String {
        switch self {
        case .english: "English"
        case .chinese: "简体中文"
        case .russian: "Русский"
        }
    }

    var locale: Locale {
        switch self {
        case .english: Locale(identifier: "en_US")
        case .chinese: Locale(identifier: "zh_CN")
        case .russian: Locale(identifier: "ru_RU")
        }
    }

    /// A stored preference ("zh-CN", "ru", "en-GB") mapped to a supported language.
    init?(preference: String) {
        let lower = preference.lowercased()
        if lower.hasPrefix("zh") { self = .chinese }
        else if lower.hasPrefix("ru") { self = .russian }
        else if lower.hasPrefix("en") { self = .english }
        else { return nil }
    }

    /// The supported language the browser prefers most, by the q-values of Accept-Language.
    static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header else { return .english }
        let ranked = header.split(separator: ",").enumerated().compactMap { position, part -> (Language, Double, Int)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, let language = Language(preference: tag) else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (language, quality, position)
        }
        return ranked.filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }.first?.0 ?? .english
    }
}
