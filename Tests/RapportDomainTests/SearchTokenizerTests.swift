import RapportDomain
import Testing

@Suite("Search tokenizer")
struct SearchTokenizerTests {
    @Test("Han text becomes its characters and overlapping pairs")
    func cjkDocument() {
        #expect(SearchTokenizer.documentTokens("上海市") == ["上", "海", "市", "上海", "海市"])
        #expect(SearchTokenizer.documentTokens("東京") == ["東", "京", "東京"])
        #expect(SearchTokenizer.documentTokens("서울") == ["서", "울", "서울"])
        #expect(SearchTokenizer.documentTokens("カタカナ") == ["カ", "タ", "カ", "ナ", "カタ", "タカ", "カナ"])
    }

    @Test("A CJK query needs every adjacent pair, so 上海 does not match 海上")
    func cjkQuery() {
        #expect(SearchTokenizer.queryTerms("上海") == ["上海"])
        #expect(SearchTokenizer.queryTerms("上海汽车") == ["上海", "海汽", "汽车"])
        #expect(SearchTokenizer.queryTerms("海") == ["海"])
        let document = Set(SearchTokenizer.documentTokens("海上"))
        #expect(!SearchTokenizer.queryTerms("上海").allSatisfy(document.contains))
        let match = Set(SearchTokenizer.documentTokens("上海汽车销售有限公司"))
        #expect(SearchTokenizer.queryTerms("汽车销售").allSatisfy(match.contains))
    }

    @Test("Scripts split into runs; Latin and Cyrillic words are lower-cased")
    func mixedScripts() {
        #expect(SearchTokenizer.documentTokens("Rapport上海 CRM") == ["rapport", "上", "海", "上海", "crm"])
        #expect(SearchTokenizer.documentTokens("Сергей ИВАНОВ, ООО «Ромашка»") == ["сергей", "иванов", "ооо", "ромашка"])
        #expect(SearchTokenizer.documentTokens("Straße ÉCOLE") == ["straße", "école"])
        #expect(SearchTokenizer.queryTerms("  ИВАН  ") == ["иван"])
    }

    @Test("ё is folded to е in documents and queries alike")
    func yoFolding() {
        #expect(SearchTokenizer.documentTokens("Королёв") == ["королев"])
        #expect(SearchTokenizer.documentTokens("ЁЛКА") == ["елка"])
        #expect(SearchTokenizer.queryTerms("Ёлка") == SearchTokenizer.queryTerms("елка"))
    }

    @Test("Decomposed accents are composed first, so both spellings give one token")
    func normalisation() {
        #expect(SearchTokenizer.documentTokens("Cafe\u{301}") == SearchTokenizer.documentTokens("Café"))
    }

    @Test("Query terms are de-duplicated and capped at 16")
    func queryLimits() {
        #expect(SearchTokenizer.queryTerms("acme Acme ACME") == ["acme"])
        let many = (1...40).map { "w\($0)" }.joined(separator: " ")
        #expect(SearchTokenizer.queryTerms(many) == (1...16).map { "w\($0)" })
        #expect(SearchTokenizer.queryTerms("—, !?").isEmpty)
    }

    @Test("Phone numbers are found by all their digits and by tails of seven or more")
    func phoneTails() {
        let tokens = SearchTokenizer.phoneTokens("+7 (495) 123-45-67")
        #expect(tokens.first == "74951234567")
        for tail in ["4951234567", "951234567", "51234567", "1234567"] {
            #expect(tokens.contains(tail), "missing tail \(tail)")
        }
        #expect(!tokens.contains("234567"), "six-digit tails match too many numbers")
        #expect(tokens.contains("495") && tokens.contains("123"))
    }

    @Test("Short phone numbers get no digit token beyond their words")
    func shortPhones() {
        #expect(Set(SearchTokenizer.phoneTokens("1234567")) == ["1234567"])
        #expect(SearchTokenizer.phoneTokens("12-34") == ["12", "34"])
        #expect(SearchTokenizer.phoneTokens("555-01") == ["55501", "555", "01"])
    }
}
