extension ETLRun {
    /// Turns one source row into one row of `index`'s target table, or rejects it with every reason.
    ///
    /// Order of checks: the parent's verdict, then every cell (transform, then the DDL's type, length, CHECK list
    /// and pattern, then NOT NULL), then the row's foreign keys against rows already written, then its primary key.
    /// A failing cell of a critical or NOT NULL column rejects the record; any other failing cell is written as
    /// NULL and reported as `<RULE>_NULLED`.
    func process(
        _ index: Int, row: [String], sourceKey: String, parentFailure: ParentFailure?, rowSubmitted: inout Bool
    ) throws {
        let variant = plan.variants[index]
        let source = variantSource[index]
        counts[index].extracted += 1
        if let parentFailure {
            let failure = CellEvaluator.Failure(
                field: parentFailure.field, column: "", raw: parentFailure.value, codeSet: nil,
                rule: parentFailure.rule, reason: parentFailure.reason)
            try reject(index, sourceKey: sourceKey, [failure], cause: parentFailure.cause)
            return
        }
        if variant.role == .dependent && !accepted[source].contains(sourceKey) {
            let name = sourceNames[source]
            let cause = rejectedCauses.cause(table: source, key: sourceKey)
            let failure = CellEvaluator.Failure(
                field: variant.source.primaryKey.joined(separator: "+"), column: "", raw: sourceKey, codeSet: nil,
                rule: cause == nil ? "PARENT_MISSING" : "PARENT_REJECTED",
                reason: cause.map { Self.reason(parent: name, key: sourceKey, cause: $0.text) }
                    ?? "parent \(name) \(sourceKey) was not migrated")
            try reject(index, sourceKey: sourceKey, [failure], cause: cause.map { .logged($0) } ?? .new(failure.reason))
            return
        }
        let assembly = evaluator.assemble(variant, row: row)
        if let first = assembly.blocking.first {
            try reject(
                index, sourceKey: sourceKey, assembly.blocking,
                cause: .new("\(sourceNames[source]) \(sourceKey) rejected: \(first.rule) on \(first.field)"))
            return
        }
        let key = assembly.values[variant.keyColumn]
        if let failure = keyFailure(variant, values: assembly.values, key: key) {
            try reject(
                index, sourceKey: sourceKey, [failure],
                cause: .new("\(sourceNames[source]) \(sourceKey) rejected: \(failure.rule) on \(failure.field)"))
            return
        }
        try writers[variant.targetIndex].write(assembly.values)
        targetKeys[variant.targetIndex].insert(key)
        counts[index].loaded += 1
        for failure in assembly.nulled {
            try rejects.record(
                sourceTable: variant.source.name, sourceKey: sourceKey, field: failure.field, rawValue: failure.raw,
                codeSet: failure.codeSet, rule: failure.rule + RejectLog.nulledSuffix,
                reason: "non-blocking: \(variant.target.name).\(failure.column) written as NULL, record loaded; "
                    + failure.reason, targetTable: variant.target.name)
        }
        if variant.role == .primary {
            remember(variant, row: row, sourceKey: sourceKey, source: source)
        }
        let system =
            variant.source.name == BuiltInSource.codeSetsName ? BuiltInSource.codeSetsSystem : inputs.sourceModel.system
        try provenance?.submit(
            ProvenanceItem(
                sourceSystem: system, sourceTable: variant.source.name, sourceKey: sourceKey,
                targetTable: variant.target.name, targetKey: key, row: rowSubmitted ? nil : row))
        rowSubmitted = true
    }

    /// Records an accepted primary row: its key for children's parent checks, and the columns later lookups read.
    private func remember(_ variant: ETLPlan.Variant, row: [String], sourceKey: String, source: Int) {
        accepted[source].insert(sourceKey)
        for (column, slot) in variant.retained where !row[column].isEmpty {
            evaluator.lookups[slot].set(sourceKey, row[column])
        }
        for (column, slot) in variant.firstRows where !row[column].isEmpty {
            if let repeated = repeatedValues[slot], !repeated.contains(row[column]) {
                continue  // A value no other row holds: no duplicate will ever ask for it.
            }
            evaluator.firstRows[slot].setIfAbsent(row[column], sourceKey)
        }
    }

    /// A foreign key with no written row to point at, or a primary key already written.
    private func keyFailure(_ variant: ETLPlan.Variant, values: [String], key: String) -> CellEvaluator.Failure? {
        for (column, table) in variant.foreignKeys {
            let value = values[column]
            if value.isEmpty || targetKeys[table].contains(value) || (table == variant.targetIndex && value == key) {
                continue
            }
            let name = variant.target.columns[column].name
            return CellEvaluator.Failure(
                field: variant.cells[column].field.isEmpty ? name : variant.cells[column].field, column: name,
                raw: value, codeSet: nil, rule: "TARGET_FK_UNRESOLVED",
                reason: "\(variant.target.name).\(name) = \(value) has no row in \(inputs.schema[table].name)")
        }
        if targetKeys[variant.targetIndex].contains(key) {
            let name = variant.target.columns[variant.keyColumn].name
            return CellEvaluator.Failure(
                field: variant.cells[variant.keyColumn].field, column: name, raw: key, codeSet: nil,
                rule: "TARGET_DUPLICATE_KEY",
                reason: "\(variant.target.name).\(name) \(key) was already written from another source row")
        }
        return nil
    }

    /// Counts one rejected target row, writes one reject line per failure, and remembers the root cause of a
    /// rejected primary row so that its children can say so.
    private func reject(_ index: Int, sourceKey: String, _ failures: [CellEvaluator.Failure], cause: RootCause) throws {
        let variant = plan.variants[index]
        counts[index].rejected += 1
        for failure in failures {
            try rejects.record(
                sourceTable: variant.source.name, sourceKey: sourceKey, field: failure.field, rawValue: failure.raw,
                codeSet: failure.codeSet, rule: failure.rule, reason: failure.reason, targetTable: variant.target.name)
        }
        if variant.role == .primary && causesRead[variantSource[index]] {
            let logged: RejectCauses.Cause
            switch cause {
            case .logged(let inherited): logged = inherited
            case .new(let text): logged = rejectedCauses.add(text)
            }
            rejectedCauses.remember(table: variantSource[index], key: sourceKey, logged)
        }
    }
}
