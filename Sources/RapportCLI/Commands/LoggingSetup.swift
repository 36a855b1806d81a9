import Foundation
import Logging
import RapportDomain

/// One JSON object per log line on stderr, with the request id and other metadata.
enum LoggingSetup {
    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object = JSONObject([
            "ts": .string(Timestamp.format(Date())), "level": .string(event.level.rawValue), "logger": .string(label),
            "msg": .string("\(event.message)"),
        ])
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        for key in merged.keys.sorted() { object[key] = .string("\(merged[key]!)") }
        var line = JSONWriter.bytes(.object(object))
        line.append(UInt8(ascii: "\n"))
        FileHandle.standardError.write(Data(line))
    }
}
