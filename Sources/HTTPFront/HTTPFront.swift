/// The HTTPFront layer; see DESIGN.md section 2.
public enum HTTPFrontModule {}
