import Foundation

/// What the synthesizer is given for a line of the script: its words as espeak-ng SSML, with pauses
/// where a person would pause and the pronunciation fixes applied.
///
/// The script keeps the plain words, so preview and JSON show exactly what is said; markup is added
/// here, at synthesis time, and nowhere else.
///
/// - After a sentence that more speech follows ("Inhale. Arch your back."), a `<break>` of the voice's
///   sentence pause, which is how "inhale" is parted from the movement.
/// - After a comma ("Sit back, and release."), the voice's comma pause, which is how "and release" is set apart.
struct SpokenText {
    let pauses: Pauses
    let pronunciation: Pronunciation

    init(pauses: Pauses = .standard, pronunciation: Pronunciation = .standard) {
        self.pauses = pauses
        self.pronunciation = pronunciation
    }

    /// `text` as SSML for `Espeak.synthesize(_:markup:)`.
    ///
    /// There is no `<speak>` element: with a voice loaded from a file, espeak-ng 1.51 re-selects the voice
    /// by language at `<speak>` and drops ours. Bare text with `espeakSSML` still understands the elements.
    func markup(_ text: String) -> String {
        var result = Self.escaped(pronunciation.apply(to: text))
        result = Self.insert(#"([.!?])(\s+)(?=\S)"#, in: result,
                             template: "$1" + Self.breakElement(pauses.afterSentenceMilliseconds) + "$2")
        result = Self.insert(#"(,)(\s+)(?=\S)"#, in: result,
                             template: "$1" + Self.breakElement(pauses.afterCommaMilliseconds) + "$2")
        return result
    }

    /// `&`, `<` and `>` as entities, so the words are never read as markup.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func breakElement(_ milliseconds: Int) -> String {
        "<break time=\"\(milliseconds)ms\"/>"
    }

    private static func insert(_ pattern: String, in text: String, template: String) -> String {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
