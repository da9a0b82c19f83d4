//! Unit tests of record layouts and descriptors.

use super::layout::{FieldShape, StructLayout};
use super::{FieldType, RecordError, RecordLayout, Type};

#[test]
fn padding_and_tail_padding_follow_the_c_rule() {
    let rec = RecordLayout::named(
        "mixed",
        &[
            ("a", Type::uint8()),
            ("b", Type::float64()),
            ("c", Type::uint16()),
        ],
    )
    .unwrap();
    let offsets: Vec<usize> = rec.fields().iter().map(|field| field.offset).collect();
    assert_eq!(offsets, [0, 8, 16]);
    assert_eq!(rec.size(), 24);
    assert_eq!(rec.align(), 8);
}

#[test]
fn nested_records_align_as_their_most_aligned_field() {
    let inner = RecordLayout::named("inner", &[("x", Type::int8()), ("y", Type::int32())]).unwrap();
    let outer = RecordLayout::named(
        "outer",
        &[
            ("tag", Type::int8()),
            ("inner", Type::record(inner)),
            ("z", Type::int8()),
        ],
    )
    .unwrap();
    assert_eq!(outer.offset("inner"), Some(4));
    assert_eq!(outer.offset("z"), Some(12));
    assert_eq!(outer.size(), 16);
}

#[test]
fn const_layout_agrees_with_make_c_struct() {
    let types = [
        Type::int8(),
        Type::float64(),
        Type::nested_array(Type::int16(), &[3]),
        Type::boolean(),
    ];
    let named: Vec<(&str, Type)> = ["a", "b", "c", "d"]
        .into_iter()
        .zip(types.iter().cloned())
        .collect();
    let rec = RecordLayout::named("agree", &named).unwrap();
    let shapes = types.map(|ty| FieldShape {
        size: ty.size(),
        align: ty.align(),
    });
    let layout = StructLayout::of(shapes);
    let offsets: Vec<usize> = rec.fields().iter().map(|field| field.offset).collect();
    assert_eq!(offsets, layout.offsets);
    assert_eq!((rec.size(), rec.align()), (layout.size, layout.align));
}

#[test]
fn field_type_shapes_match_their_descriptors() {
    fn check<T: FieldType>() {
        let descriptor = T::descriptor();
        assert_eq!(T::SHAPE.size, descriptor.size(), "{descriptor}");
        assert_eq!(T::SHAPE.align, descriptor.align(), "{descriptor}");
        assert_eq!(T::SHAPE.size, size_of::<T>(), "{descriptor}");
        assert_eq!(T::SHAPE.align, align_of::<T>(), "{descriptor}");
    }
    check::<i8>();
    check::<u16>();
    check::<i64>();
    check::<f32>();
    check::<f64>();
    check::<bool>();
    check::<usize>();
    check::<*mut f64>();
    check::<*const core::ffi::c_void>();
    check::<[[f32; 3]; 2]>();
    check::<[*mut u8; 4]>();
}

#[test]
fn bad_descriptions_are_errors() {
    assert_eq!(
        RecordLayout::make_c_struct(&[])
            .unwrap_err()
            .to_string()
            .split_once(" has no fields")
            .map(|(_, rest)| rest),
        Some(": C requires at least one member")
    );
    assert_eq!(
        RecordLayout::named("r", &[("", Type::int8())]).unwrap_err(),
        RecordError::InvalidName {
            what: "field",
            name: String::new()
        }
    );
    assert_eq!(
        RecordLayout::named("r", &[("9lives", Type::int8())])
            .unwrap_err()
            .to_string(),
        "invalid field name `9lives`: expected a C identifier (letters, digits, `_`, not starting with a digit)"
    );
    assert_eq!(
        RecordLayout::named("r", &[("v", Type::Scalar(crate::sig::Scalar::Void))])
            .unwrap_err()
            .to_string(),
        "field `v` is void: a field needs a type with a size"
    );
    let huge = Type::nested_array(Type::float64(), &[usize::MAX / 4]);
    assert_eq!(
        RecordLayout::named("r", &[("big", huge)])
            .unwrap_err()
            .to_string(),
        "field `big` of record `r` is too large: its size overflows `usize`"
    );
}

#[test]
fn generated_names_are_stable_and_distinct() {
    let a = RecordLayout::make_c_struct(&[("x", Type::int8())]).unwrap();
    let b = RecordLayout::make_c_struct(&[("x", Type::int8())]).unwrap();
    let c = RecordLayout::make_c_struct(&[("x", Type::int16())]).unwrap();
    assert_eq!(a.name(), b.name());
    assert_ne!(a.name(), c.name());
}

#[test]
fn c_decl_spells_declarators() {
    assert_eq!(
        Type::nested_array(Type::float32(), &[2, 3]).c_declarator("m"),
        "float m[2][3]"
    );
    assert_eq!(
        Type::pointer(Type::pointer(Type::int32())).c_declarator("pp"),
        "int32_t **pp"
    );
    assert_eq!(
        Type::nested_array(Type::voidptr(), &[2]).c_declarator("slots"),
        "void *slots[2]"
    );
    assert_eq!(Type::uintc().c_declarator("n"), "unsigned int n");
    assert_eq!(Type::boolean().c_declarator(""), "bool");
}

#[test]
fn typedefs_list_each_nested_record_once_before_its_user() {
    let leaf = RecordLayout::named("leaf", &[("v", Type::int32())]).unwrap();
    let pair = RecordLayout::named(
        "pair",
        &[
            ("l", Type::record(leaf.clone())),
            ("r", Type::pointer(Type::record(leaf))),
        ],
    )
    .unwrap();
    let text = pair.c_typedefs();
    assert_eq!(text.matches("typedef struct leaf").count(), 1);
    assert!(text.find("typedef struct leaf").unwrap() < text.find("typedef struct pair").unwrap());
}

#[test]
fn field_types_spell_in_rust_as_the_derive_writes_them() {
    let matrix = Type::nested_array(Type::float32(), &[2, 3]);
    assert_eq!(matrix.rust().to_string(), "[[f32; 3]; 2]");
    let rows = Type::pointer(Type::nested_array(Type::intc(), &[4]));
    assert_eq!(rows.rust().to_string(), "*mut [::core::ffi::c_int; 4]");
    assert_eq!(format!("{:#}", rows.rust()), "*mut [c_int; 4]");
}
