#include "bindings/py_callable.h"

#include <cstring>

namespace wingfoil::py {

bool is_bool_like(PyObject* obj, bool& value) {
    if (PyBool_Check(obj)) {
        value = obj == Py_True;
        return true;
    }
    const char* name = Py_TYPE(obj)->tp_name;
    if (std::strcmp(name, "numpy.bool_") == 0 || std::strcmp(name, "numpy.bool") == 0) {
        int truth = PyObject_IsTrue(obj);
        if (truth < 0) {
            throw pyb::error_already_set();
        }
        value = truth == 1;
        return true;
    }
    return false;
}

} // namespace wingfoil::py
