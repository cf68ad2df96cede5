// The front page, the story in Urdu and its tag drawn while they arrive in parts; the other three pages in
// pages-arriving-article-search-authors.test.ts (two files, as CI limits each to 900 s: test/helpers/pages-arriving.ts).
import { describePagesArriving } from "../helpers/pages-arriving.ts";

describePagesArriving("front and Urdu");
