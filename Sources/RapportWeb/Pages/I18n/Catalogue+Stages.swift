import RapportPersistence

extension Catalogue {
    /// A stage's name as this user reads it. The stages every tenant starts with are stored
    /// under their English names and shown translated (`stage.<key>`); a stage an admin added
    /// or renamed is shown as it was typed. Every page that names a stage asks here.
    func stageName(_ storedName: String) -> String {
        Self.defaultStageKeys[storedName].map { self[$0] } ?? storedName
    }

    func stageName(_ stage: PipelineStore.Stage) -> String { stageName(stage.name) }

    /// Catalogue keys of the default stages, by the English name a new tenant's stages get.
    static let defaultStageKeys: [String: String] = Dictionary(uniqueKeysWithValues:
        ["Prospecting", "Qualification", "Proposal", "Negotiation", "Won", "Lost"].map { ($0, "stage.\($0.lowercased())") })
}
