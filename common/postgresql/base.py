"""Django's PostgreSQL backend, for the server binding parameters (config.settings, DATABASE_PREPARED_STATEMENTS):
a statement then takes at most 65,535 of them, and Django's bulk writes, deletes and `in_bulk` put as many rows in
one statement as they are given. Here they go in batches that fit. (Long `__in` lists: common.lookups.)"""

from django.db.backends.postgresql import base, operations

MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        if self.connection.settings_dict["OPTIONS"].get("server_side_binding"):
            return max(1, MAX_PARAMETERS // max(1, len(fields)))
        return super().bulk_batch_size(fields, objs)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
