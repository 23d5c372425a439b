package com.loanflow.process;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives the job executor's acquisition query an index on {@code ACT_RU_JOB.DUEDATE_}. Every running loan waits on a
 * timer, so the job table holds about one row per loan, and with {@code ensureJobDueDateNotNull} the query selects
 * due jobs by {@code DUEDATE_ <= now} ordered by due date: with the index it reads the few due rows, without it it
 * scans all of them on every poll of every node. Camunda 7.24 creates no such index.
 *
 * <p>Created here, once the engine has built its schema, because Flyway runs before the engine creates its tables on
 * a new database. An index an operator created beforehand (for example {@code CREATE INDEX CONCURRENTLY} on a large
 * existing table), or one a later Camunda version ships, is found by its column and not duplicated.
 */
@Component
class JobDueDateIndex extends AbstractProcessEnginePlugin {

    static final String INDEX = "loanflow_job_due_date_idx";
    private static final String COLUMN = "DUEDATE_";

    private static final Logger log = LoggerFactory.getLogger(JobDueDateIndex.class);

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        String table = configuration.getDatabaseTablePrefix() + "ACT_RU_JOB";
        DataSource dataSource = configuration.getDataSource();
        try {
            if (!indexed(dataSource, table)) {
                create(dataSource, table);
            }
        } catch (SQLException e) {
            // Only acquisition gets slower without it; a database user without DDL rights must not stop the node.
            log.warn("No index on {}({}) and it could not be created; create it with: create index {} on {} ({})",
                    table, COLUMN, INDEX, table, COLUMN, e);
        }
    }

    private static void create(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create index if not exists " + INDEX + " on " + table + " (" + COLUMN + ")");
            log.info("Created index {} on {}({}) for job acquisition", INDEX, table, COLUMN);
        } catch (SQLException raced) {
            // Two nodes starting together both create it; PostgreSQL fails the second on its catalog's unique key.
            if (!indexed(dataSource, table)) {
                throw raced;
            }
        }
    }

    /** Whether an index of the table starts with the due-date column, whatever its name. */
    private static boolean indexed(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            String stored = metaData.storesLowerCaseIdentifiers() ? table.toLowerCase(Locale.ROOT) : table;
            String schema = null;
            int dot = stored.lastIndexOf('.');
            if (dot >= 0) {
                schema = stored.substring(0, dot);
                stored = stored.substring(dot + 1);
            }
            try (ResultSet indexes = metaData.getIndexInfo(connection.getCatalog(), schema, stored, false, true)) {
                while (indexes.next()) {
                    if (indexes.getShort("ORDINAL_POSITION") == 1
                            && COLUMN.equalsIgnoreCase(indexes.getString("COLUMN_NAME"))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
