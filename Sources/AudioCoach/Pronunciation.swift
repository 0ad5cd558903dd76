import Foundation

/// Words espeak-ng says wrong in our routines, and what to give it instead.
///
/// Each fix was found by comparing `espeak-ng -v en-us -x WORD` with how the word is said. A fix is
/// either a respelling or espeak-ng phoneme mnemonics in double brackets. Fixes apply at synthesis time
/// only: the script, preview and JSON keep the written word.
struct Pronunciation {
    struct Fix: Equatable {
        /// The word as written in a routine; matched as a whole word, ignoring case.
        let written: String
        /// What the synthesizer is given instead.
        let said: String
    }

    let fixes: [Fix]

    static let standard = Pronunciation(fixes: [
        // Said as one word, "catcow", with a single stress (k'atk'aU run together).
        Fix(written: "Cat-Cow", said: "Cat Cow"),
        // Same run-together as Cat-Cow.
        Fix(written: "Bird-Dog", said: "Bird Dog"),
        // Said "quad-rice-eps" (kw'0draIs,Eps).
        Fix(written: "quadriceps", said: "[[kw'0drIsEps]]"),
        // Stressed on the first syllable (p'IrI2f,o@mIs); it is "pih-rih-FOR-mis".
        Fix(written: "piriformis", said: "[[p,IrI2f'o@mIs]]"),
        // Said "sa-va-SAH-na" (s,ava#s'A:n@); it is "shah-VAH-sah-nah".
        Fix(written: "Savasana", said: "[[S@v'A:s@n@]]"),
    ])

    /// `text` with every fix applied.
    func apply(to text: String) -> String {
        var result = text
        for fix in fixes {
            let pattern = "(?<![\\w-])" + NSRegularExpression.escapedPattern(for: fix.written) + "(?![\\w-])"
            guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            let range = NSRange(result.startIndex..., in: result)
            result = expression.stringByReplacingMatches(in: result, range: range,
                                                         withTemplate: NSRegularExpression.escapedTemplate(for: fix.said))
        }
        return result
    }
}
