cfunc::python!(file = "file_form_error.py");

fn main() {}
