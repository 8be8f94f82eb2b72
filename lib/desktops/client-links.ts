// Where AWS's WorkSpaces clients are downloaded and where the web client runs.
export const CLIENTS_URL = "https://clients.amazonworkspaces.com/";
export const WEB_CLIENT_URL = "https://clients.amazonworkspaces.com/webclient";
