//! Embeds every bank in `questions/` into the binary, so it works alone with no setup; on
//! Windows also the icon and the version information (product name 党史知识竞赛) into the exe.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it was compiled: a compiled script can outlive the
    // folder it was compiled in (a moved checkout, a shared target folder).
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("questions");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the bundled banks in {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    // A program without its banks opens on an empty home screen: never build one.
    assert!(!files.is_empty(), "no .ron bank in {}", dir.display());
    files.sort();
    let mut code = String::from(
        "/// The banks shipped in `questions/`: file name and bytes.\npub static BUNDLED_BANKS: &[(&str, &[u8])] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled_banks.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
    windows_resources();
}

/// The exe's icon and version information, compiled by MinGW's `windres` (or `$WINDRES`). Without
/// one the exe still builds, with the system's icon, and cargo says why.
fn windows_resources() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let icon = Path::new(&root).join("assets/icons/icon.ico");
    println!("cargo:rerun-if-changed={}", icon.display());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let numbers: Vec<u32> = version
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .chain(std::iter::repeat(0))
        .take(4)
        .collect();
    let comma = numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let rc = format!(
        r#"#pragma code_page(65001)
1 ICON "{icon}"
1 VERSIONINFO
FILEVERSION {comma}
PRODUCTVERSION {comma}
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "080404B0"
    BEGIN
      VALUE "CompanyName", "dangshi-quiz"
      VALUE "FileDescription", "党史知识竞赛"
      VALUE "FileVersion", "{version}"
      VALUE "InternalName", "dangshi-quiz"
      VALUE "LegalCopyright", "MIT 或 Apache-2.0"
      VALUE "OriginalFilename", "党史知识竞赛.exe"
      VALUE "ProductName", "党史知识竞赛"
      VALUE "ProductVersion", "{version}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x804, 1200
  END
END
"#,
        icon = icon.display().to_string().replace('\\', "/"),
    );
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    let rc_path = out.join("app.rc");
    let object = out.join("app-resources.o");
    std::fs::write(&rc_path, rc).expect("OUT_DIR is writable");
    let windres = std::env::var("WINDRES").unwrap_or_else(|_| "x86_64-w64-mingw32-windres".into());
    let status = std::process::Command::new(&windres)
        .args(["--codepage=65001", "--output-format=coff", "--input"])
        .arg(&rc_path)
        .arg("--output")
        .arg(&object)
        .status();
    match status {
        Ok(status) if status.success() => {
            println!("cargo:rustc-link-arg-bins={}", object.display());
        }
        other => {
            println!("cargo:warning=no icon or version in the exe: {windres} failed ({other:?})")
        }
    }
}
