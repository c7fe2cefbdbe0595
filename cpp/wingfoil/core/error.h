#pragma once
// The wingfoil error family. Each class maps one-to-one onto a Python built-in exception, so the
// bindings can translate a C++ failure without losing its kind. Any thread may construct and throw
// these; I/O threads hand them to the engine as std::exception_ptr instead of throwing across.

#include <stdexcept>
#include <string>

namespace wingfoil {

/// Base of every wingfoil error. Python: Exception (never raised as this base type).
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A value was out of range or malformed. Python: ValueError.
class ValueError : public Error {
public:
    using Error::Error;
};

/// A value had the wrong type. Python: TypeError.
class TypeError : public Error {
public:
    using Error::Error;
};

/// A lookup by key failed. Python: KeyError.
class KeyError : public Error {
public:
    using Error::Error;
};

/// An operating-system level I/O failure (files). Python: OSError.
class IoError : public Error {
public:
    using Error::Error;
};

/// A file that should exist does not. Python: FileNotFoundError.
class FileNotFoundError : public IoError {
public:
    using IoError::IoError;
};

/// A network peer refused or dropped a connection. Python: ConnectionError.
class ConnectionError : public IoError {
public:
    using IoError::IoError;
};

/// An operation did not finish in its time budget. Python: TimeoutError.
class TimeoutError : public Error {
public:
    using Error::Error;
};

/// Anything else that went wrong at run time. Python: RuntimeError.
class RuntimeError : public Error {
public:
    using Error::Error;
};

/// A numeric value does not fit the target type. Python: OverflowError.
class OverflowError : public Error {
public:
    using Error::Error;
};

} // namespace wingfoil
