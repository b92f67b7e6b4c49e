package dev.darkroom.history.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work run inside one transaction; it may run more than once when the database is busy. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
