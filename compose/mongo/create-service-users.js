// Creates each service's MongoDB user, allowed to read and write its own database and nothing
// else, with the password of its secret (/run/secrets/mongo-<user>). The mongo image runs this
// once, when it starts on an empty data volume, after creating the root user
// (MONGO_INITDB_ROOT_USERNAME, MONGO_INITDB_ROOT_PASSWORD_FILE). The databases are the services'
// spring.data.mongodb.database defaults (ADDRESS_DB, ASSIGNMENT_DB, PROJECTOR_DB, KAMAILIO_SYNC_DB).
// fs is mongosh's own, as the image's entry point uses it.
const databases = {
    'address-service': 'proxytrunks-addresses',
    'assignment-service': 'proxytrunks-assignments',
    'projector-service': 'proxytrunks-projections',
    'kamailio-sync-service': 'proxytrunks-kamailio-sync',
};

for (const [user, database] of Object.entries(databases)) {
    const password = fs.readFileSync('/run/secrets/mongo-' + user, 'utf8').replace(/[\r\n]+$/, '');
    db.getSiblingDB(database).createUser({ user: user, pwd: password, roles: [{ role: 'readWrite', db: database }] });
    print('created the MongoDB user ' + user + ' (readWrite on ' + database + ')');
}
