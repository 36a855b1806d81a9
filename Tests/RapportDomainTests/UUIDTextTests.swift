import Foundation
import RapportDomain
import Testing

@Suite("UUID text")
struct UUIDTextTests {
    @Test("Parsing and printing agree with Foundation for random and time-ordered ids")
    func roundTrip() {
        for id in (0..<500).map({ $0 % 2 == 0 ? UUID() : UUID.timeOrdered() }) {
            #expect(id.lowercaseString == id.uuidString.lowercased())
            #expect(UUID(parsing: id.uuidString) == id)
            #expect(UUID(parsing: id.lowercaseString) == id)
            #expect(UUID(parsing: "id=\(id.lowercaseString);".dropFirst(3).dropLast()) == id, "a substring")
        }
    }

    @Test("Malformed ids are refused", arguments: [
        "", "3f2504e0", "3f2504e0-4f89-11d3-9a0c-0305e82c330", "3f2504e0-4f89-11d3-9a0c-0305e82c33011",
        "3f2504e0-4f89-11d3-9a0c-0305e82c330g", "3f2504e0x4f89-11d3-9a0c-0305e82c3301", "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}",
        "3f2504e04f8911d39a0c0305e82c3301----", "3f2504e0-4f89-11d3-9a0c-0305e82c33é",
    ])
    func malformed(text: String) {
        #expect(UUID(parsing: text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }

    @Test("Time-ordered ids sort by creation time and carry version 7")
    func timeOrdered() {
        let earlier = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_000))
        let later = UUID.timeOrdered(at: Date(timeIntervalSince1970: 2_000))
        #expect(earlier.lowercaseString < later.lowercaseString)
        #expect(later.lowercaseString.dropFirst(14).first == "7")
        let many = Set((0..<10_000).map { _ in UUID.timeOrdered() })
        #expect(many.count == 10_000)
    }
}
