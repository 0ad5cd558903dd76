import Foundation

/// Words and notations espeak-ng says wrong in our routines, and what to give it instead.
///
/// Each fix was found by comparing `espeak-ng -v en-us -x TEXT` with how a person says it. A fix gives
/// a respelling or espeak-ng phoneme mnemonics in double brackets. Fixes apply at synthesis time only:
/// the script, preview and JSON keep the written words.
struct Pronunciation {
    struct Fix {
        /// What is matched, ignoring case.
        let pattern: NSRegularExpression
        /// What it becomes; `$1`, `$2` are the pattern's groups.
        let template: String
        /// What it becomes for a neural voice, when `template` gives espeak-ng mnemonics: the same sound as
        /// IPA in double brackets, as `espeak-ng --ipa` prints the mnemonics.
        let ipaTemplate: String?

        /// `written` as a whole word (hyphens count as part of a word) becomes `said`, or `ipa` for a neural voice.
        static func word(_ written: String, _ said: String, ipa: String? = nil) -> Fix {
            Fix(#"(?<![\w-])"# + NSRegularExpression.escapedPattern(for: written) + #"(?![\w-])"#,
                NSRegularExpression.escapedTemplate(for: said), ipa: ipa.map { NSRegularExpression.escapedTemplate(for: $0) })
        }

        init(_ pattern: String, _ template: String, ipa: String? = nil) {
            self.pattern = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            self.template = template
            ipaTemplate = ipa
        }
    }

    /// How bracketed phonemes are written: espeak-ng's mnemonics, or IPA for a neural voice.
    enum Phonemes {
        case mnemonics, ipa
    }

    let fixes: [Fix]

    static let standard = Pronunciation(fixes: [
        // "Cat/Cow" is read "cat slash cow".
        Fix(#"(?<=\w)/(?=\w)"#, " "),
        // A hyphen joins "Cat-Cow" and "Bird-Dog" into one word with no gap (k'atk'aU): say them as two.
        .word("Cat-Cow", "Cat Cow"),
        .word("Bird-Dog", "Bird Dog"),
        // "5-10 s" is read "five dash ten ess": a range is "five to ten".
        Fix(#"(\d)\s*-\s*(\d)"#, "$1 to $2"),
        // "30 s" is read "thirty ess", "2 min" "two min".
        Fix(#"(\d)\s*s\b"#, "$1 seconds"),
        Fix(#"(\d)\s*min\b"#, "$1 minutes"),
        // Said "quad-rice-eps" (kw'0draIs,Eps).
        .word("quadriceps", "[[kw'0drIsEps]]", ipa: "[[kwˈɑːdɹɪsɛps]]"),
        // Stressed on the first syllable (p'IrI2f,o@mIs); it is "pih-rih-FOR-mis".
        .word("piriformis", "[[p,IrI2f'o@mIs]]", ipa: "[[pˌɪɹɪfˈoːɹmɪs]]"),
        // Said "sa-va-SAH-na" (s,ava#s'A:n@); it is "shah-VAH-sah-nah".
        .word("Savasana", "[[S@v'A:s@n@]]", ipa: "[[ʃəvˈɑːsənə]]"),
        // Words spelt alike but said differently: espeak-ng takes the other one. Told apart by the word next to them.
        // "close your eyes" is the verb (kloUz), not the adjective of "a close friend" (kl'oUs), which it says.
        Fix(#"(?<![\w-])close(?=\s+(?:your|the|both|them|it|my|our|his|her|their|off|up|down)(?![\w-]))"#,
            "[[kl'oUz]]", ipa: "[[klˈoʊz]]"),
        // "heavy as lead" is the metal (lEd); espeak-ng says the verb of "lead with your chest" (li:d).
        Fix(#"(?<=(?:\bas|\blike)\s)lead(?![\w-])"#, "[[l'Ed]]", ipa: "[[lˈɛd]]"),
        // "a muscle tear" rips (te@); espeak-ng says the tear of an eye (ti@).
        Fix(#"(?<=(?:\bmuscle|\bsmall)\s)tear(?![\w-])"#, "[[t'e@]]", ipa: "[[tˈɛɹ]]"),
        Fix(#"(?<![\w-])tear(?=\s+(?:a|your|the|it|something)(?![\w-]))"#, "[[t'e@]]", ipa: "[[tˈɛɹ]]"),
        // "people live" is the verb (lIv); espeak-ng gets it after a pronoun, but here says the "live" of "a live wire" (laIv).
        Fix(#"(?<=\bpeople\s)live(?![\w-])"#, "[[l'Iv]]", ipa: "[[lˈɪv]]"),
    ])

    /// `text` with every fix applied, in order.
    func apply(to text: String, phonemes: Phonemes = .mnemonics) -> String {
        fixes.reduce(text) { text, fix in
            let template = phonemes == .ipa ? fix.ipaTemplate ?? fix.template : fix.template
            return fix.pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
    }
}
