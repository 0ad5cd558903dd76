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

        /// `written` as a whole word (hyphens count as part of a word) becomes `said`.
        static func word(_ written: String, _ said: String) -> Fix {
            Fix(#"(?<![\w-])"# + NSRegularExpression.escapedPattern(for: written) + #"(?![\w-])"#,
                NSRegularExpression.escapedTemplate(for: said))
        }

        init(_ pattern: String, _ template: String) {
            self.pattern = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            self.template = template
        }
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
        .word("quadriceps", "[[kw'0drIsEps]]"),
        // Stressed on the first syllable (p'IrI2f,o@mIs); it is "pih-rih-FOR-mis".
        .word("piriformis", "[[p,IrI2f'o@mIs]]"),
        // Said "sa-va-SAH-na" (s,ava#s'A:n@); it is "shah-VAH-sah-nah".
        .word("Savasana", "[[S@v'A:s@n@]]"),
    ])

    /// `text` with every fix applied, in order.
    func apply(to text: String) -> String {
        fixes.reduce(text) { text, fix in
            fix.pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: fix.template)
        }
    }
}
