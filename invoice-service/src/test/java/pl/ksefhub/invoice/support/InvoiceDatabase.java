package pl.ksefhub.invoice.support;

import pl.ksefhub.testsupport.TestInfrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Direct reads of the service's database, for what the API does not show (processed events, outbox rows). */
public final class InvoiceDatabase {

    private InvoiceDatabase() {
    }

    /** Runs a statement (test data the API cannot make, e.g. ten thousand accepted invoices); returns its count. */
    public static int execute(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(TestInfrastructure.database("ksef_invoice"),
                TestInfrastructure.pgUser(), TestInfrastructure.pgPassword());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(TestInfrastructure.database("ksef_invoice"),
                TestInfrastructure.pgUser(), TestInfrastructure.pgPassword());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
