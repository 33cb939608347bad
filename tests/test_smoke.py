"""The app starts on an empty folder and an editor can log in."""


def test_home_and_login(client, auth):
    assert client.get("/").status_code == 200
    r = client.get("/quan-tri/")
    assert r.status_code == 200
    assert "Tổng quan" in r.get_data(as_text=True)
