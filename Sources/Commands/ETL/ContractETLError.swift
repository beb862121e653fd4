/// Why the ETL refused to run or stopped: a stable code and a message naming the file, line, column or contract
/// row, and what to do. Row-level data problems are never errors; they are rejects.
package struct ContractETLError: Error, Equatable, CustomStringConvertible {
    /// Stable, machine-readable reasons; new cases may be added.
    package enum Code: String, Sendable {
        /// The contract does not validate (unknown transform, column, code set, …).
        case contractInvalid = "ETL_CONTRACT_INVALID"
        /// Required target columns are not filled by any row.
        case contractIncomplete = "ETL_CONTRACT_INCOMPLETE"
        /// A source file the contract reads is not there.
        case sourceMissing = "ETL_SOURCE_MISSING"
        /// A source file is not valid CSV, or a row has the wrong number of fields.
        case sourceMalformed = "ETL_SOURCE_MALFORMED"
        /// A source file's header has an unknown column or lacks one the model has.
        case sourceColumns = "ETL_SOURCE_COLUMNS"
        /// The target model has a type or pattern the ETL cannot check.
        case schemaUnsupported = "ETL_SCHEMA_UNSUPPORTED"
        /// Writing an output file failed.
        case outputFailed = "ETL_OUTPUT_FAILED"
    }

    /// Why.
    package let code: Code
    /// What happened and what to do, naming the file, line and column or the contract row.
    package let message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `CODE: message`.
    package var description: String {
        "\(code.rawValue): \(message)"
    }
}
