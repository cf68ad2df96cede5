// The English story, the search page and the authors' index drawn while they arrive in parts; the other three
// pages in pages-arriving-front-urdu.test.ts (two files, as CI limits each to 900 s: test/helpers/pages-arriving.ts).
import { describePagesArriving } from "../helpers/pages-arriving.ts";

describePagesArriving("article, search and authors");
