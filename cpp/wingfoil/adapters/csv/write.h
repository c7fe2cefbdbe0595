#pragma once
// CsvWriteNode<T, Fields>: csv_write, a sink that writes one CSV row per upstream tick:
// the cycle time in integer nanoseconds, then the value's fields in the order of the header, which
// the first accepted value fixes (`time,<name>,...`). Quoting is RFC 4180. The file is created
// (truncated) at construction, flushed at stop and closed at teardown; write errors fail the run.
//
// Fields is a policy object with
//   bool header(const T& value, std::vector<std::string>& names)  // false: value has no fields
//   bool cells(const T& value, std::vector<std::string>& cells)   // false: skip this value
// and fills cells in header order ("" for a missing field).

#include "wingfoil/adapters/csv/field_quote.h"
#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <memory>
#include <string>
#include <vector>

namespace wingfoil::adapters::csv {

template <class T, class Fields>
class CsvWriteNode : public Node {
public:
    CsvWriteNode(std::shared_ptr<Stream<T>> upstream, std::string path, Fields fields)
        : upstream_(std::move(upstream)), path_(path), file_(std::move(path)),
          fields_(std::move(fields)) {
        add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        const T& value = upstream_->value();
        if (!has_header_) {
            std::vector<std::string> names;
            if (!fields_.header(value, names)) {
                return false;
            }
            line_ = "time";
            for (const auto& name : names) {
                line_ += ',';
                append_quoted(line_, name);
            }
            line_ += '\n';
            write(line_);
            has_header_ = true;
        }
        if (!fields_.cells(value, cells_)) {
            return false;
        }
        line_ = std::to_string(graph.time());
        for (const auto& cell : cells_) {
            line_ += ',';
            append_quoted(line_, cell);
        }
        line_ += '\n';
        write(line_);
        return true;
    }

    void setup(Graph&) override {
        if (!file_.is_open()) {
            // A later run of the same node appends to what earlier runs wrote.
            file_ = FileWriter(path_, FileWriter::Mode::append);
            failed_ = false;
        }
    }

    void stop(Graph&) override {
        if (file_.is_open() && !failed_) {
            guarded([this] { file_.flush(); });
        }
    }

    /// Closes the file. A write failure already reported by cycle() or stop() is not reported a
    /// second time here (the file writer repeats it on close).
    void teardown(Graph&) override {
        if (!failed_) {
            file_.close();
            return;
        }
        try {
            file_.close();
        } catch (const Error&) {
        }
    }

    std::string type_name() const override { return "CsvWriteNode"; }

private:
    void write(const std::string& text) {
        guarded([&] { file_.write(text); });
    }

    template <class F>
    void guarded(F&& step) {
        try {
            step();
        } catch (...) {
            failed_ = true;
            throw;
        }
    }

    std::shared_ptr<Stream<T>> upstream_;
    std::string path_;
    FileWriter file_;
    Fields fields_;
    bool has_header_ = false;
    bool failed_ = false; // a write failed; the run already raised it
    std::vector<std::string> cells_; // reused between rows
    std::string line_;               // reused between rows
};

} // namespace wingfoil::adapters::csv
