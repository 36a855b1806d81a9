import Foundation
import RapportDomain
import RapportTestSupport
import Testing
import Vapor

@Suite("List pages: what each row links by", .serialized)
struct ListRowLinkTests {
    @Test("Each activity row links to the activity by its subject; the type is a plain cell beside it")
    func activitiesLinkBySubject() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let call = try await fixture.create("activity", #"{"type": "call", "subject": "Discussed renewal terms"}"#, as: fixture.rep)
            let meeting = try await fixture.create("activity", #"{"type": "meeting", "subject": "Site visit in Tver"}"#, as: fixture.rep)
            // MUT
            let page = try await context.page("/activities", as: "rep")
            // validate
            #expect(page.status == .ok)
            for (activity, subject, type) in [(call, "Discussed renewal terms", "Call"), (meeting, "Site visit in Tver", "Meeting")] {
                let link = "<a href=\"/activities/\(activity.id.lowercaseString)\">"
                #expect(page.text.contains("<td>\(link)\(subject)</a></td><td>\(type)</td>"), "\(subject)")
                #expect(!page.text.contains("\(link)\(type)</a>"), "\(subject) is linked by its type")
            }
        }
    }
}
