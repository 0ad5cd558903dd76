/// English words for counting aloud: 1 -> "one", 21 -> "twenty-one".
public enum NumberWords {
    private static let ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                               "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                               "seventeen", "eighteen", "nineteen"]
    private static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    public static func say(_ number: Int) -> String {
        precondition((0...999).contains(number), "counts go up to 999")
        if number < 20 { return ones[number] }
        if number < 100 {
            let ten = tens[number / 10]
            return number % 10 == 0 ? ten : "\(ten)-\(ones[number % 10])"
        }
        let hundreds = "\(ones[number / 100]) hundred"
        return number % 100 == 0 ? hundreds : "\(hundreds) and \(say(number % 100))"
    }
}
