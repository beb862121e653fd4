/// The Projections layer; see DESIGN.md section 2.
public enum ProjectionsModule {}
