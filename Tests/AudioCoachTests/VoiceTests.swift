import XCTest
@testable import AudioCoach

final class VoiceTests: XCTestCase {
}
