import EventStore
import Foundation
import XCTest

@testable import HTTPFront

/// `/openapi.json` and the route table cannot drift: every route is an operation with the same parameters, body,
/// success status and error statuses, and every operation is a route.
final class OpenAPIDocumentTests: XCTestCase {
    private func document() throws -> (JSONValue, [APIRoute]) {
        let api = try APITestHarness()
        let response = api.send(.get, "/openapi.json")
        XCTAssertEqual(response.status, 200)
        return (response.body, api.api.routes)
    }

    func testDocument_andRouteTableAgree() throws {
        let (document, routes) = try document()
        XCTAssertEqual(document["openapi"], "3.1.0")
        let paths = try XCTUnwrap(document["paths"]?.objectValue)
        var operations: Set<String> = []
        for (path, item) in paths {
            for (method, operation) in item.objectValue ?? [:] {
                operations.insert("\(method.uppercased()) \(path)")
                XCTAssertNotNil(operation["operationId"]?.stringValue)
            }
        }
        let table = Set(routes.map { "\($0.method.rawValue) \(OpenAPIDocument.openAPIPath($0.path))" })
        XCTAssertEqual(operations, table, "the document has exactly the routes the server dispatches")
        XCTAssertEqual(Set(routes.map(\.operationID)).count, routes.count, "operation ids are unique")

        for route in routes {
            let operation = try XCTUnwrap(
                paths[OpenAPIDocument.openAPIPath(route.path)]?[route.method.rawValue.lowercased()], route.path)
            XCTAssertEqual(operation["operationId"]?.stringValue, route.operationID)
            let documented = (operation["parameters"]?.arrayValue ?? []).map {
                "\($0["in"]?.stringValue ?? "")/\($0["name"]?.stringValue ?? "")/\($0["required"] == true)"
            }
            XCTAssertEqual(
                documented, route.parameters.map { "\($0.location.rawValue)/\($0.name)/\($0.required)" },
                route.operationID)
            let pathNames = RoutePattern(route.path).segments.compactMap { segment -> String? in
                if case .parameter(let name) = segment { return name }
                return nil
            }
            XCTAssertEqual(
                route.parameters.filter { $0.location == .path }.map(\.name), pathNames,
                "\(route.operationID): every path parameter is declared")
            XCTAssertEqual(operation["requestBody"] != nil, route.body != nil, route.operationID)
            let statuses = Set((operation["responses"]?.objectValue ?? [:]).keys)
            XCTAssertEqual(
                statuses,
                Set([route.successStatus.code] + route.errorStatuses.map(\.code)).reduce(into: Set<String>()) {
                    $0.insert(String($1))
                }, route.operationID)
            XCTAssertEqual(operation["security"] == [], route.permission == nil, "\(route.operationID): public or not")
            for status in route.errorStatuses {
                XCTAssertEqual(
                    operation["responses"]?[String(status.code)]?["content"]?["application/json"]?["schema"]?["$ref"],
                    "#/components/schemas/Error")
            }
        }
    }

    func testEveryReference_resolves() throws {
        let (document, _) = try document()
        let components = try XCTUnwrap(document["components"]?["schemas"]?.objectValue)
        var references: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if let reference = members["$ref"]?.stringValue { references.append(reference) }
                members.values.forEach(collect)
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(document)
        XCTAssertFalse(references.isEmpty)
        for reference in references {
            let name = reference.replacingOccurrences(of: "#/components/schemas/", with: "")
            XCTAssertNotNil(components[name], reference)
            XCTAssertNotEqual(components[name], .null, reference)
        }
    }

    /// The documented request schemas are the ones the server enforces: a body the document marks as having no
    /// additional members is refused when it has one.
    func testClosedBodies_inTheDocumentAreRefusedWithUnknownMembers() throws {
        let (document, routes) = try document()
        for route in routes where route.body != nil {
            let schema = document["paths"]?[OpenAPIDocument.openAPIPath(route.path)]?[
                route.method.rawValue.lowercased()]?[
                    "requestBody"]?["content"]?["application/json"]?["schema"]
            XCTAssertEqual(schema?["additionalProperties"], false, route.operationID)
            XCTAssertThrowsError(try route.body?.validate(["surely_unknown": 1]), route.operationID)
        }
    }

    /// Every paginated answer declares `page` and `page_size`, so they are range-checked before a handler slices.
    func testEveryPaginatedRoute_declaresPageAndPageSize() throws {
        let (document, routes) = try document()
        var paginated = 0
        for route in routes {
            let operation = document["paths"]?[OpenAPIDocument.openAPIPath(route.path)]?[
                route.method.rawValue.lowercased()]
            let schema = operation?["responses"]?[String(route.successStatus.code)]?["content"]?["application/json"]?[
                "schema"]
            guard schema?["properties"]?["pages"] != nil else { continue }
            paginated += 1
            let names = Set(route.parameters.map(\.name))
            XCTAssertTrue(names.isSuperset(of: ["page", "page_size"]), route.operationID)
        }
        XCTAssertGreaterThanOrEqual(paginated, 10)
        let api = try APITestHarness()
        XCTAssertEqual(api.admin(.get, "/api/schemas?page=0").status, 422)
        XCTAssertEqual(api.admin(.get, "/api/schemas?page_size=100000").status, 422)
    }
}
