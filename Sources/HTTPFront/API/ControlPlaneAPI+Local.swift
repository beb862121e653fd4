import Commands
import EventStore
import Foundation
import Projections

extension ControlPlaneAPI {
    /// Answers the GET route `operationID` in-process for a local caller (the `dm` read commands): the permission is
    /// checked with `AccessControl` for `actorName` (nil: the local admin) instead of a bearer token, then the same
    /// parameter checks and the same handler as over HTTP run, so the CLI and the API cannot disagree.
    ///
    /// `query` is sent as a percent-encoded query string and parsed back exactly as the server parses one. Throws
    /// what the route would answer as an error: `APIError` (400, 404, 422 …) or `AccessDenied`.
    package static func answer(
        _ operationID: String, pathParameters: [String: String] = [:], query: [(name: String, value: String)] = [],
        actorName: String?, state: ControlPlaneState
    ) throws -> JSONValue {
        guard let route = builtInRoutes.first(where: { $0.operationID == operationID }), route.method == .get else {
            throw APIError.notFound("no GET route '\(operationID)'")
        }
        var user: UsersProjection.User?
        if let permission = route.permission {
            let users = try state.projections().users
            _ = try AccessControl.actor(named: actorName, for: permission, users: users)
            user = actorName.flatMap { users.users[$0] }
        }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        var path = route.path
        for (name, value) in pathParameters { path = path.replacingOccurrences(of: ":" + name, with: encode(value)) }
        let pairs = query.map { encode($0.name) + "=" + encode($0.value) }
        let http = HTTPRequest(method: .get, target: path + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")))
        let reply = try invoke(route, http, parameters: pathParameters, user: user, state: state)
        if let rendered = reply.rendered { return try JSONValue(parsing: rendered) }
        return reply.body
    }
}
