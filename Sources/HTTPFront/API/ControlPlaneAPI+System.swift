import EventStore

extension ControlPlaneAPI {
    /// `GET /health`: public, answers `{"status":"ok"}` as the brief's health check expects.
    static var systemRoutes: [APIRoute] {
        [
            APIRoute(
                .get, "/health", id: "getHealth", tag: "system", summary: "liveness: answers {\"status\":\"ok\"}",
                permission: nil,
                response: .object(["status": .string(enumeration: ["ok"])], required: ["status"])
            ) { _, _ in
                APIRoute.Reply(["status": "ok"])
            }
        ]
    }
}
