import SystemPackage

/// Splitting and joining paths with swift-system's `FilePath`. Foundation's string path methods crash on a
/// one-character path on Linux (`new-round --store z` died with SIGILL), so none is used.
public enum Paths {
  /// The folder that holds `path`: "." for a bare name such as "z", "/" for "/z".
  public static func parent(of path: String) -> String {
    let parent = FilePath(path).removingLastComponent()
    return parent.isEmpty ? "." : parent.string
  }

  /// The last component of `path` ("2025" for "store/2025/"), or the path itself when it has none.
  public static func name(of path: String) -> String {
    FilePath(path).lastComponent?.string ?? path
  }

  /// `name` (or a relative path) inside `folder`.
  public static func join(_ folder: String, _ name: String) -> String {
    FilePath(folder).appending(name).string
  }
}
