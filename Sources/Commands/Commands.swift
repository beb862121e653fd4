/// The Commands layer; see DESIGN.md section 2.
public enum CommandsModule {}
