import Hummingbird
import RequestReading

extension SessionChoice {
    /// The options of a preview's query string, as Hummingbird reads it (`request.uri.queryParameters`): the first
    /// value of a name sent more than once.
    init(query: Parameters) {
        self.init(query: { query.get($0) })
    }
}
